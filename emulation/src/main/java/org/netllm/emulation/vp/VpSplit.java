package org.netllm.emulation.vp;

import java.util.List;
import org.netllm.errors.InvalidInputException;

/**
 * Videos × users of one part of a data set, exactly as NetLLM splits them (so figures compare with the paper).
 *
 * @param dataset {@code Jin2022} or {@code Wu2017}
 * @param part    which part
 */
public record VpSplit(String dataset, Part part, List<Integer> videos, List<Integer> users) {

    /** The three parts; training uses train videos × train users only (Wu2017's train part is this project's). */
    public enum Part { TRAIN, VALID, TEST }

    public static final String JIN2022 = "Jin2022";
    public static final String WU2017 = "Wu2017";

    /**
     * Wu2017's users that are in neither its test nor its validation part, less user 22, whose video6 trace steps
     * back in time at line 2085 (the reader rejects it).
     */
    private static final List<Integer> WU2017_TRAIN_USERS = java.util.stream.IntStream.rangeClosed(1, 48).boxed()
            .filter(u -> !List.of(40, 20, 14, 1, 31, 12, 33, 27, 10, 16, 7, 46, 5, 35, 2, 41, 47, 13, 22).contains(u))
            .toList();

    public VpSplit {
        videos = List.copyOf(videos);
        users = List.copyOf(users);
    }

    /** NetLLM's split of a data set. */
    public static VpSplit of(String dataset, Part part) {
        return switch (dataset) {
            case JIN2022 -> switch (part) {
                case TRAIN -> new VpSplit(dataset, part, List.of(1, 5, 9, 2, 6, 11, 15, 16, 13, 17, 21, 22, 26, 19, 23),
                        List.of(50, 54, 6, 34, 66, 63, 52, 39, 62, 46, 75, 28, 65, 18, 37, 13, 80, 33, 69, 78, 19, 40, 10,
                                43, 61, 72, 56, 41, 79, 82, 27, 71, 57, 67, 8, 2, 12, 81, 1, 64, 32, 42));
                case VALID -> new VpSplit(dataset, part, List.of(3, 7, 12, 10, 20, 27),
                        List.of(9, 25, 73, 29, 31, 70, 58, 11, 14, 38, 16, 76, 77, 74, 24, 5, 17, 20, 51, 68, 36));
                case TEST -> new VpSplit(dataset, part, List.of(4, 8, 14, 18, 24, 25),
                        List.of(83, 15, 3, 35, 48, 22, 55, 4, 45, 60, 26, 21, 44, 23, 53, 84, 59, 49, 7, 47, 30));
            };
            case WU2017 -> switch (part) {
                // NetLLM trains on Jin2022 only and has no Wu2017 training part. This one is every video and user
                // that is neither test nor validation (videos 1, 4, 6, 7, 9 x 29 users), for extra training data.
                case TRAIN -> new VpSplit(dataset, part, List.of(1, 4, 6, 7, 9), WU2017_TRAIN_USERS);
                case VALID -> new VpSplit(dataset, part, List.of(8, 2), List.of(40, 20, 14, 1, 31, 12, 33, 27, 10));
                case TEST -> new VpSplit(dataset, part, List.of(3, 5), List.of(16, 7, 46, 5, 35, 2, 41, 47, 13));
            };
            default -> throw new InvalidInputException("unknown viewport data set '" + dataset + "'; use "
                    + JIN2022 + ", " + WU2017 + " or a directory of videoN/5Hz/simple_5Hz_userM.csv files");
        };
    }

    @Override
    public String toString() {
        return dataset + " " + part.name().toLowerCase(java.util.Locale.ROOT);
    }
}
