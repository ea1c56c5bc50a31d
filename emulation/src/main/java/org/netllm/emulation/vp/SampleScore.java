package org.netllm.emulation.vp;

/**
 * How one prediction scored against its future.
 *
 * @param sample       the problem
 * @param mae          mean element error over the pw steps × 3 angles, degrees
 * @param angleMae     mean element error per angle over the steps, {@code [roll, pitch, yaw]}
 * @param stepMae      mean element error per step over the 3 angles
 * @param orthodromic  mean great-circle error over the steps, degrees
 */
public record SampleScore(VpSample sample, double mae, double[] angleMae, double[] stepMae, double orthodromic) {

    /** Scores {@code predicted} (pw rows of {@code [roll, pitch, yaw]}) against the sample's future. */
    public static SampleScore of(VpSample sample, double[][] predicted) {
        double[][] future = sample.future();
        int pw = future.length;
        if (predicted.length != pw) {
            throw new IllegalArgumentException("a prediction of " + predicted.length + " steps for a future of " + pw);
        }
        double[] angle = new double[3];
        double[] step = new double[pw];
        double sum = 0;
        double orthodromic = 0;
        for (int k = 0; k < pw; k++) {
            for (int a = 0; a < 3; a++) {
                double e = ViewportError.element(future[k][a], predicted[k][a]);
                angle[a] += e;
                step[k] += e;
                sum += e;
            }
            step[k] /= 3;
            orthodromic += ViewportError.orthodromic(future[k][1], future[k][2], predicted[k][1], predicted[k][2]);
        }
        for (int a = 0; a < 3; a++) {
            angle[a] /= pw;
        }
        return new SampleScore(sample, sum / (3.0 * pw), angle, step, orthodromic / pw);
    }
}
