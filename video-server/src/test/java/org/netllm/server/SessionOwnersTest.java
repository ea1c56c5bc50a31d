package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionOwnersTest {

    private final InetAddress client = InetAddress.getLoopbackAddress();
    /** What the board shows: ids it has, and those finished. */
    private final Set<String> onBoard = new HashSet<>();
    private final Set<String> finished = new HashSet<>();
    private final AtomicLong nanos = new AtomicLong();
    private final SessionOwners owners = new SessionOwners(1,
            id -> onBoard.contains(id) && !finished.contains(id), onBoard::contains, nanos::get);

    @Test
    void aSessionCreatedButNotYetOnItsBoardStillHoldsItsClientsSlot() {
        owners.issue(owners.reserve(client).orElseThrow(), "c1");
        // Its actor has not published yet: a second create must not slip past the quota.
        assertThat(owners.reserve(client)).isEmpty();
        onBoard.add("c1");
        assertThat(owners.reserve(client)).isEmpty();
        finished.add("c1");
        assertThat(owners.reserve(client)).isPresent();
    }

    @Test
    void aSessionThatNeverReachesItsBoardFreesTheSlotAfterTheGrace() {
        owners.issue(owners.reserve(client).orElseThrow(), "lost");
        nanos.addAndGet((SessionOwners.START_GRACE_MS - 1) * 1_000_000);
        assertThat(owners.reserve(client)).isEmpty();
        nanos.addAndGet(2_000_000);
        assertThat(owners.reserve(client)).isPresent();
    }
}
