package org.netllm.cli.vp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.netllm.cli.DataDirectory;
import org.netllm.emulation.vp.HeadTrace;
import org.netllm.emulation.vp.HeadTraceFiles;
import org.netllm.emulation.vp.VpSplit;
import org.netllm.errors.InvalidInputException;

/** The traces a {@code --dataset} names: NetLLM's split of {@code Jin2022} or {@code Wu2017}, or every trace of a DIR. */
final class VpData {

    private VpData() {
    }

    /** Whether the value names a data set rather than a folder. */
    static boolean isNamed(String dataset) {
        return dataset.equals(VpSplit.JIN2022) || dataset.equals(VpSplit.WU2017);
    }

    /** A named data set's part, or (for a directory) every trace in it. */
    static List<HeadTrace> traces(DataDirectory data, String dataset, VpSplit.Part part) {
        if (isNamed(dataset)) {
            return HeadTraceFiles.read(data.root().resolve("vp").resolve(dataset), VpSplit.of(dataset, part));
        }
        Path dir = Path.of(dataset);
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("--dataset " + dataset + " is neither Jin2022, Wu2017 nor a directory of "
                    + "videoN/5Hz/simple_5Hz_userM.csv files");
        }
        return HeadTraceFiles.readDirectory(dir);
    }

    /** The name results carry. */
    static String label(String dataset) {
        return isNamed(dataset) ? dataset : Path.of(dataset).getFileName().toString();
    }
}
