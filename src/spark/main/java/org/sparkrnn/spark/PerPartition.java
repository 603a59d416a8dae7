package org.sparkrnn.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import scala.Function2;
import scala.collection.Iterator;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * One Spark job that applies {@code task} to every partition and hands the results back in
 * partition order: {@code SparkContext.runJob} with a named function, the same job an
 * {@code RDD.collect} of a mapped RDD runs, minus the ClosureCleaner pass over the lambdas that
 * {@code map} and {@code collect} would add (see {@link StepTask}).
 */
final class PerPartition {
  private PerPartition() {}

  static <T, U> List<U> run(RDD<T> rdd, Function2<TaskContext, Iterator<T>, U> task,
      Class<U> type) {
    int n = rdd.getNumPartitions();
    List<Object> indices = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      indices.add(i);
    }
    @SuppressWarnings("unchecked")
    Seq<Object> partitions = (Seq<Object>) (Seq<?>) CollectionConverters.asScala(indices).toList();
    Object[] results = new Object[n];
    ClassTag<U> tag = scala.reflect.ClassTag$.MODULE$.apply(type);
    rdd.sparkContext().runJob(rdd, task, partitions, new Store<U>(results), tag);
    List<U> out = new ArrayList<>(n);
    for (Object r : results) {
      out.add(type.cast(r));
    }
    return out;
  }

  /** The driver-side result handler: keeps each partition's result at its index. */
  private static final class Store<U> extends AbstractFunction2<Object, U, BoxedUnit> {
    private final Object[] results;

    Store(Object[] results) {
      this.results = results;
    }

    @Override
    public BoxedUnit apply(Object index, U result) {
      results[(Integer) index] = result;
      return BoxedUnit.UNIT;
    }
  }
}
