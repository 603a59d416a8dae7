package org.sparkrnn.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;

/**
 * The one distributed inference path: the parameters broadcast once, one cached network per
 * executor thread ({@link NetworkCache}), each partition's items in batches of a fixed size in
 * their order, forward passes only, no item leaving its executor. Validation during training,
 * {@code evaluate}, {@code predict} and the Spark ML models' transform all run through it, as
 * per-partition sums ({@link #sum}) or as rows ({@link #rows}).
 */
public final class Inference {
  private Inference() {}

  /** Adds one batch's evaluation into a partition's sum. */
  public interface Fold<I, S> extends Serializable {
    void add(S sum, Network net, Params params, List<I> batch);
  }

  /** Adds one partition's sum into the total (on the driver, in partition order). */
  public interface Merge<S> extends Serializable {
    void add(S total, S part);
  }

  /** A fresh, empty sum. */
  public interface Zero<S> extends Serializable {
    S get();
  }

  /**
   * One batch's output rows, in order; {@code first} is the index of the batch's first item in
   * its partition, {@code partition} the partition's index.
   */
  public interface Rows<I, O> extends Serializable {
    List<O> apply(Network net, Params params, List<I> batch, long first, int partition);
  }

  /**
   * The sum over every partition of {@code items}: each partition folds its batches into a fresh
   * {@code zero()}, the driver merges the partitions' sums in partition order, so the result does
   * not depend on which task finished first.
   */
  public static <I, S> S sum(JavaRDD<I> items, ModelConfig model, double[] weights, int batch,
      Zero<S> zero, Fold<I, S> fold, Merge<S> merge) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(items.context());
    Broadcast<double[]> w = sc.broadcast(weights);
    try {
      List<S> parts = items.mapPartitions((Iterator<I> it) -> {
        Network net = NetworkCache.get(model);
        Params params = new Params(net.layout(), w.value());
        S s = zero.get();
        Iterator<List<I>> batches = batches(it, batch);
        while (batches.hasNext()) {
          fold.add(s, net, params, batches.next());
        }
        return List.of(s).iterator();
      }).collect();
      S total = zero.get();
      for (S part : parts) {
        merge.add(total, part);
      }
      return total;
    } finally {
      w.destroy();
    }
  }

  /**
   * Every item's output rows, computed where the items are when the result is computed (lazily,
   * like any RDD). The broadcast lives as long as the result is referenced; Spark's cleaner
   * removes it after.
   */
  public static <I, O> JavaRDD<O> rows(JavaRDD<I> items, ModelConfig model, double[] weights,
      int batch, Rows<I, O> rows) {
    Broadcast<double[]> w = JavaSparkContext.fromSparkContext(items.context()).broadcast(weights);
    return items.mapPartitionsWithIndex(
        (partition, it) -> rows(it, model, w.value(), batch, partition, rows), true);
  }

  /**
   * One partition's output rows, scored batch by batch as they are read (the body of
   * {@link #rows(JavaRDD, ModelConfig, double[], int, Rows)}, for a Dataset's partitions).
   */
  public static <I, O> Iterator<O> rows(Iterator<I> it, ModelConfig model, double[] weights,
      int batch, int partition, Rows<I, O> rows) {
    Network net = NetworkCache.get(model);
    Params params = new Params(net.layout(), weights);
    Iterator<List<I>> batches = batches(it, batch);
    return new Iterator<O>() {
      private List<O> pending = List.of();
      private int next;
      private long seen;

      @Override
      public boolean hasNext() {
        while (next >= pending.size() && batches.hasNext()) {
          List<I> in = batches.next();
          pending = rows.apply(net, params, in, seen, partition);
          seen += in.size();
          next = 0;
        }
        return next < pending.size();
      }

      @Override
      public O next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return pending.get(next++);
      }
    };
  }

  /** A partition's items in batches of at most {@code size}, streamed in order. */
  static <I> Iterator<List<I>> batches(Iterator<I> it, int size) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public List<I> next() {
        if (!it.hasNext()) {
          throw new NoSuchElementException();
        }
        List<I> b = new ArrayList<>(size);
        while (b.size() < size && it.hasNext()) {
          b.add(it.next());
        }
        return b;
      }
    };
  }
}
