package org.sparkrnn.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.sparkrnn.train.StepPlan;

/**
 * What a barrier segment starts from: the parameters, the optimizer's state and step count, the
 * skip counters, the states carried into the first window (or null), the steps it may run (in
 * order; it may stop after fewer, see {@link BarrierSegment}).
 */
record SegmentStart(double[] params, Map<String, double[]> optimizerState, long optimizerSteps,
    long badSteps, int badInARow, Map<Long, double[]> carried, List<StepPlan.Step> steps)
    implements Serializable {}
