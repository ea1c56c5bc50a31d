package org.netllm.cli.abr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.adaptation.abr.ExperiencePool;
import org.netllm.adaptation.abr.ExperiencePoolFile;
import org.netllm.cli.Main;
import org.netllm.cli.NetllmCommand;
import picocli.CommandLine;

class CollectAdaptCommandTest {

    private static final Path DATA = org.netllm.cli.TestData.root();

    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err) {
    }

    private Run netllm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new NetllmCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = Main.execute(cli, args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void collectWritesAPoolWithEveryPolicysEpisodes() {
        Path pool = tmp.resolve("pool.nlxp");
        Run run = netllm("abr", "collect", "--data-dir", DATA.toString(), "--policies", "bba,robust-mpc@eps=0.1",
                "--episodes", "4", "--seed", "3", "--threads", "2", "--out", pool.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("4 episodes, 188 steps").contains("robust-mpc@eps=0.1");
        ExperiencePool read = ExperiencePoolFile.read(pool);
        assertThat(read.policies()).containsExactly("bba", "robust-mpc@eps=0.1");
        assertThat(read.seed()).isEqualTo(3L);
    }

    @Test
    void unknownPolicyIsAUserError() {
        Run run = netllm("abr", "collect", "--data-dir", DATA.toString(), "--policies", "pensieve", "--episodes", "2",
                "--out", tmp.resolve("p.nlxp").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown ABR policy 'pensieve'").doesNotContain("Exception");
    }

    @Test
    void adaptingFromATruncatedPoolIsAUserError() throws Exception {
        Path pool = tmp.resolve("pool.nlxp");
        assertThat(netllm("abr", "collect", "--data-dir", DATA.toString(), "--policies", "bba", "--episodes", "2",
                "--out", pool.toString()).exitCode()).isZero();
        byte[] bytes = Files.readAllBytes(pool);
        Files.write(pool, Arrays.copyOf(bytes, bytes.length / 3));
        Run run = netllm("abr", "adapt", "--data-dir", DATA.toString(), "--pool", pool.toString(), "--backbone", "tiny",
                "--steps", "1", "--out", tmp.resolve("model").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is truncated").contains("netllm abr collect").doesNotContain("\tat ");
    }

    @Test
    void validatingOnATestSetIsRefused() {
        Run run = netllm("abr", "adapt", "--data-dir", DATA.toString(), "--pool", tmp.resolve("p.nlxp").toString(),
                "--valid-traces", "fcc-test", "--out", tmp.resolve("model").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("test set");
    }
}
