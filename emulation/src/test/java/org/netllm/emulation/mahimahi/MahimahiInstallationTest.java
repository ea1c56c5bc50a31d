package org.netllm.emulation.mahimahi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.errors.InvalidInputException;

class MahimahiInstallationTest {

    private final MahimahiInstallation asUser = new MahimahiInstallation(Path.of("/usr/bin/mm-delay"),
            Path.of("/usr/bin/mm-link"), Optional.of("netllm-mm"));

    @Test
    void withoutMahimahiTheMessageSaysHowToInstallIt(@TempDir Path empty) {
        assertThatThrownBy(() -> MahimahiInstallation.require(empty.toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Mahimahi is not installed")
                .hasMessageContaining("testbed-scripts/setup.sh");
    }

    @Test
    void commandRunsAsTheShellUserInsideDelayThenLink() {
        EmulatedLink link = new EmulatedLink(40, Path.of("/t/up"), Path.of("/t/down"));

        var argv = asUser.argv(link, ShellCommand.of("ping", "-c", "1").withEnvironment("HOME", "/h"),
                Path.of("/w/uplink.log"), Path.of("/w/downlink.log"));

        // mm-delay 0.98 rejects "--" before its command; mm-link needs it before ours
        assertThat(argv).containsExactly("runuser", "-u", "netllm-mm", "--", "env",
                "PATH=" + MahimahiInstallation.SHELL_PATH, "HOME=/h", "/usr/bin/mm-delay", "40", "/usr/bin/mm-link",
                "/t/up", "/t/down", "--uplink-log=/w/uplink.log", "--downlink-log=/w/downlink.log", "--",
                "ping", "-c", "1");
    }

    @Test
    void zeroDelayLeavesOutMmDelayAndNonRootNeedsNoRunuser() {
        MahimahiInstallation asSelf = new MahimahiInstallation(asUser.mmDelay(), asUser.mmLink(), Optional.empty());

        var argv = asSelf.argv(new EmulatedLink(0, Path.of("u"), Path.of("d")), ShellCommand.of("true"),
                Path.of("a"), Path.of("b"));

        assertThat(argv).containsExactly("env", "PATH=" + MahimahiInstallation.SHELL_PATH, "/usr/bin/mm-link", "u",
                "d", "--uplink-log=a", "--downlink-log=b", "--", "true");
    }
}
