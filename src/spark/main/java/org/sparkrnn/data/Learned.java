package org.sparkrnn.data;

/** What a reader learned from training data (the spec) and the examples it cut (driver only). */
record Learned(DataSpec spec, Cut cut) {}
