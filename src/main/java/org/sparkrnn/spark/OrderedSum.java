package org.sparkrnn.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.sparkrnn.train.GradientSum;
import scala.Tuple2;

/**
 * Sums one GradientSum per partition in partition order, as a tree of fan-in F: partition
 * results are grouped F at a time, each group summed in index order, until at most F are left;
 * the driver adds those in order. Spark's treeAggregate merges in task-completion order, which
 * makes the floating-point result differ from run to run (and a resumed run from an
 * uninterrupted one); this order is fixed by the partition indices alone.
 */
final class OrderedSum {
  private OrderedSum() {}

  static GradientSum sum(JavaRDD<GradientSum> perPartition, int fanIn) {
    int n = perPartition.getNumPartitions();
    if (n <= fanIn) {
      return addInOrder(perPartition.collect());
    }
    JavaPairRDD<Integer, GradientSum> level = perPartition.mapPartitionsWithIndex(
        (i, it) -> {
          List<Tuple2<Integer, GradientSum>> out = new ArrayList<>(1);
          it.forEachRemaining(g -> out.add(new Tuple2<>(i, g)));
          return out.iterator();
        }, true).mapToPair(t -> t);
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

  private static GradientSum addInOrder(List<GradientSum> parts) {
    GradientSum s = new GradientSum();
    for (GradientSum p : parts) {
      s.add(p);
    }
    return s;
  }
}
