package org.netllm.emulation.vp;

/**
 * The errors of a predicted viewport: NetLLM's wrap-aware absolute error per angle, and the great-circle
 * (orthodromic) distance between the actual and predicted view directions.
 */
public final class ViewportError {

    private ViewportError() {
    }

    /**
     * NetLLM's element error {@code min(|g − p|, |g + 360 − p|, |g − 360 − p|)} in degrees, for any of the three
     * angles (NetLLM applies it to pitch and roll too).
     */
    public static double element(double actual, double predicted) {
        return Math.min(Math.abs(actual - predicted),
                Math.min(Math.abs(actual + 360 - predicted), Math.abs(actual - 360 - predicted)));
    }

    /**
     * The angle in degrees between two view directions given as (pitch, yaw) in degrees; roll turns the view
     * about its direction and does not move it. A predicted pitch beyond a pole is read as the pole (the
     * classic baselines extrapolate raw angles). Haversine form: exact for small angles, where acos is not.
     */
    public static double orthodromic(double actualPitch, double actualYaw, double predictedPitch, double predictedYaw) {
        double lat1 = Math.toRadians(clampPitch(actualPitch));
        double lat2 = Math.toRadians(clampPitch(predictedPitch));
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(predictedYaw - actualYaw);
        double h = sq(Math.sin(dLat / 2)) + Math.cos(lat1) * Math.cos(lat2) * sq(Math.sin(dLon / 2));
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(h))));
    }

    private static double clampPitch(double pitch) {
        return Math.max(-90, Math.min(90, pitch));
    }

    private static double sq(double x) {
        return x * x;
    }
}
