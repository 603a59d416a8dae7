package org.sparkrnn.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.sparkrnn.train.GradientSum;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Sums one GradientSum per partition in partition order. Up to F partitions, one job returns
 * them to the driver, which adds them in index order; beyond, as a tree of fan-in F: partition
 * results are grouped F at a time, each group summed in index order, until at most F are left;
 * the driver adds those in order. Spark's treeAggregate merges in task-completion order, which
 * makes the floating-point result differ from run to run (and a resumed run from an
 * uninterrupted one); this order is fixed by the partition indices alone.
 */
final class OrderedSum {
  private OrderedSum() {}

  /** The sum over all partitions of {@code task}'s result for each. */
  static GradientSum sum(JavaRDD<ExampleShard> shards, StepTask task, int fanIn) {
    int n = shards.getNumPartitions();
    if (n <= fanIn) {
      return addInOrder(PerPartition.run(shards.rdd(), task, GradientSum.class));
    }
    JavaPairRDD<Integer, GradientSum> level = shards.mapPartitionsWithIndex(
        (i, it) -> List.of(new Tuple2<>(i, task.apply(TaskContext.get(),
            CollectionConverters.asScala(it)))).iterator(), true).mapToPair(t -> t);
    while (n > fanIn) {
      int groups = (n + fanIn - 1) / fanIn;
      level = level
          .mapToPair(t -> new Tuple2<>(t._1 / fanIn, new Tuple2<>(t._1, t._2)))
          .groupByKey(new HashPartitioner(groups))
          .mapToPair(t -> {
            List<Tuple2<Integer, GradientSum>> parts = new ArrayList<>();
            t._2.forEach(parts::add);
            parts.sort((a, b) -> Integer.compare(a._1, b._1));
            GradientSum s = new GradientSum();
            for (Tuple2<Integer, GradientSum> p : parts) {
              s.add(p._2);
            }
            return new Tuple2<>(t._1, s);
          });
      n = groups;
    }
    List<Tuple2<Integer, GradientSum>> top = new ArrayList<>(level.collect());
    top.sort((a, b) -> Integer.compare(a._1, b._1));
    GradientSum s = new GradientSum();
    for (Tuple2<Integer, GradientSum> t : top) {
      s.add(t._2);
    }
    return s;
  }

  /**
   * The parts (one per partition, in partition order) added exactly as {@link #sum} adds the
   * partitions' results with fan-in {@code fanIn}: same grouping, same order, same bits.
   */
  static GradientSum addAsTree(List<GradientSum> parts, int fanIn) {
    List<GradientSum> level = parts;
    while (level.size() > fanIn) {
      List<GradientSum> next = new ArrayList<>();
      for (int i = 0; i < level.size(); i += fanIn) {
        next.add(addInOrder(level.subList(i, Math.min(i + fanIn, level.size()))));
      }
      level = next;
    }
    return addInOrder(level);
  }

  /**
   * The parts added in list order, into the first part: the driver's decoded copy, or in local
   * barrier mode partition 0's own sum, which its task no longer reads once sent.
   */
  static GradientSum addInOrder(List<GradientSum> parts) {
    GradientSum s = parts.isEmpty() ? new GradientSum() : parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      s.add(parts.get(i));
    }
    return s;
  }
}
