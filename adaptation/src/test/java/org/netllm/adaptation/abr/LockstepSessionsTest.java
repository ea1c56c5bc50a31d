package org.netllm.adaptation.abr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrSession;
import org.netllm.emulation.abr.SessionResult;
import org.netllm.emulation.abr.Trace;

class LockstepSessionsTest {

    @Test
    void lockstepSessionsEqualSessionsPlayedOneByOne() {
        List<Trace> traces = TestData.traces("fcc-valid", 5);
        Video video = TestData.envivio();
        AbrPolicy policy = AbrPolicies.byName("robust-mpc");
        List<AbrController> controllers = new ArrayList<>();
        traces.forEach(t -> controllers.add(policy.newSession()));
        int[] starts = {1, 2, 3, 4, 5};

        List<SessionResult> lockstep = LockstepSessions.play(traces, starts, video, (sessions, observations) -> {
            int[] levels = new int[sessions.length];
            for (int i = 0; i < levels.length; i++) {
                levels[i] = controllers.get(sessions[i]).chooseLevel(observations.get(i));
            }
            return levels;
        });

        for (int i = 0; i < traces.size(); i++) {
            SessionResult alone = AbrSession.play(policy.newSession(), traces.get(i), video, starts[i]);
            assertThat(lockstep.get(i).qoe()).isEqualTo(alone.qoe());
            assertThat(lockstep.get(i).chunks()).isEqualTo(alone.chunks());
        }
    }
}
