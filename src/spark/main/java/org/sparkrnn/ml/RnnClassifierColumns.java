package org.sparkrnn.ml;

/** The columns of the classifier and its model. */
public interface RnnClassifierColumns extends HasSequenceColumns, HasClassifierColumns {}
