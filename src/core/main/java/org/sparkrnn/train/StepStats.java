package org.sparkrnn.train;

/**
 * One applied (or skipped) step: mean loss over the step's items (before the L1/L2 penalty), the
 * penalty, the global gradient norm before clipping, whether and by what factor it was clipped,
 * the learning rate, and the item and input-step counts.
 */
public record StepStats(long step, int epoch, double loss, double penalty, double gradNorm,
    boolean clipped, double clipCoef, double lr, long items, long steps, boolean skipped,
    String problem) implements java.io.Serializable {}
