package org.sparkrnn.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.sparkrnn.model.Example;

/**
 * All examples of one partition, sorted by id, so a step finds its members by binary search
 * instead of scanning the partition. Built once and cached; holds nothing that changes.
 */
final class ExampleShard implements Serializable {
  private static final long serialVersionUID = 1L;
  private final long[] ids;
  private final Example[] examples;

  ExampleShard(Iterator<Example> it) {
    List<Example> list = new ArrayList<>();
    it.forEachRemaining(list::add);
    list.sort((a, b) -> Long.compare(a.id(), b.id()));
    this.examples = list.toArray(new Example[0]);
    this.ids = new long[examples.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = examples[i].id();
    }
  }

  int size() {
    return examples.length;
  }

  Example[] all() {
    return examples;
  }

  /** The members of a step that this shard holds, in the step's (global batch) order. */
  List<Example> select(long[] members) {
    List<Example> out = new ArrayList<>();
    for (long id : members) {
      int i = Arrays.binarySearch(ids, id);
      if (i >= 0) {
        out.add(examples[i]);
      }
    }
    return out;
  }
}
