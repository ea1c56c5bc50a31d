package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientErrorLogTest {

    @Test
    void aRepeatedMistakeIsOneLinePerWindowWithTheCountOfTheRest() {
        List<String> lines = new ArrayList<>();
        AtomicLong now = new AtomicLong();
        ClientErrorLog log = new ClientErrorLog(lines::add, now::get);
        for (int i = 0; i < 1000; i++) {
            log.mistake("percent escape", "/%zz" + i);
        }
        log.mistake("HTTP version", "HTTP/9.9");
        assertThat(lines).hasSize(2);
        now.addAndGet(ClientErrorLog.WINDOW_NANOS);
        log.mistake("percent escape", "/%zz\r\nforged: line");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).contains("999 more").doesNotContain("\n").doesNotContain("\r");
    }
}
