package org.sparkrnn.spark;

import java.io.Serializable;
import org.apache.spark.TaskContext;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/** A partition's first element, or null when it has none (a named function, see StepTask). */
final class FirstResult<T> extends AbstractFunction2<TaskContext, Iterator<T>, T>
    implements Serializable {
  private static final long serialVersionUID = 1L;

  @Override
  public T apply(TaskContext context, Iterator<T> it) {
    return it.hasNext() ? it.next() : null;
  }
}
