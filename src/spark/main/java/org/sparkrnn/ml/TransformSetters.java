package org.sparkrnn.ml;

/** Setters of the params every stage's transform reads: handleInvalid and idCol. */
public interface TransformSetters<S> extends HasTrainingParams {

  @SuppressWarnings("unchecked")
  default S setHandleInvalid(String v) {
    set(handleInvalid(), v);
    return (S) this;
  }

  @SuppressWarnings("unchecked")
  default S setIdCol(String v) {
    set(idCol(), v);
    return (S) this;
  }
}
