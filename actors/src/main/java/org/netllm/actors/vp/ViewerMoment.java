package org.netllm.actors.vp;

/**
 * One viewer after one of its predictions: a point of the dashboard's charts over time.
 *
 * @param t           the time of the sample the prediction followed (the viewer's clock, s)
 * @param liveMae     pooled MAE in degrees over every prediction whose future had arrived, NaN before the first
 * @param predictions predictions so far
 * @param fallbacks   those of them the Velocity fallback answered past the deadline
 */
public record ViewerMoment(double t, double liveMae, long predictions, long fallbacks) {
}
