package org.netllm.controller.cjs.learned;

/**
 * How the adapted scheduler picks from its heads' scores: the argmax, or a draw from the softmax at a temperature.
 *
 * @param choice      greedy or sampled
 * @param temperature the softmax temperature of sampled picks (1 for greedy, where it is unused)
 */
public record CjsDecoding(NetllmCjsScheduler.Choice choice, double temperature) {

    /** The argmax. */
    public static final CjsDecoding GREEDY = new CjsDecoding(NetllmCjsScheduler.Choice.GREEDY, 1.0);

    public CjsDecoding {
        if (!NetllmCjsScheduler.isTemperature(temperature)
                || (choice == NetllmCjsScheduler.Choice.GREEDY && temperature != 1.0)) {
            throw new IllegalArgumentException("a decoding is greedy, or sampled at a positive finite temperature;"
                    + " got " + choice + " at " + temperature);
        }
    }

    /** Sampled at {@code t}. */
    public static CjsDecoding sampled(double t) {
        return new CjsDecoding(NetllmCjsScheduler.Choice.SAMPLED, t);
    }

    /**
     * Reads {@code greedy}, {@code sampled} (temperature 1) or a temperature such as {@code 0.5} (sampled at it).
     *
     * @throws IllegalArgumentException naming what is accepted
     */
    public static CjsDecoding parse(String text) {
        String s = text.strip();
        if (s.equals("greedy")) {
            return GREEDY;
        }
        if (s.equals("sampled")) {
            return sampled(1.0);
        }
        double t;
        try {
            t = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            t = Double.NaN;
        }
        if (!NetllmCjsScheduler.isTemperature(t)) {
            throw new IllegalArgumentException("decoding '" + text + "' is not greedy, sampled or a positive"
                    + " temperature such as 0.5");
        }
        return sampled(t);
    }

    /** {@code scheduler} deciding this way. */
    public NetllmCjsScheduler applyTo(NetllmCjsScheduler scheduler) {
        return choice == NetllmCjsScheduler.Choice.GREEDY ? scheduler.withChoice(choice)
                : scheduler.withTemperature(temperature);
    }

    /** The checkpoint's {@code decoding} field. */
    public String recordedDecoding() {
        return choice == NetllmCjsScheduler.Choice.GREEDY ? "greedy" : "sampled";
    }

    /** The checkpoint's {@code temperature} field: absent (null) for greedy and for temperature 1. */
    public Double recordedTemperature() {
        return choice == NetllmCjsScheduler.Choice.GREEDY || temperature == 1.0 ? null : temperature;
    }

    /** As {@link #parse} reads it. */
    @Override
    public String toString() {
        return choice == NetllmCjsScheduler.Choice.GREEDY ? "greedy" : temperature == 1.0 ? "sampled"
                : Double.toString(temperature);
    }
}
