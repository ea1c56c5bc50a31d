package org.netllm.adaptation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.netllm.ModelOptions;
import org.netllm.emulation.abr.AbrEvaluation;
import org.netllm.errors.InvalidInputException;

class AbrPolicyRegistryTest {

    private static final AbrPolicyRegistry REGISTRY =
            new AbrPolicyRegistry(Path.of("models/default"), ModelOptions.DEFAULT);

    @Test
    void classicNamesWithExplorationResolveToOnlinePolicies() {
        assertThat(REGISTRY.contender("robust-mpc@eps=0.1")).isInstanceOf(AbrEvaluation.Online.class)
                .extracting(AbrEvaluation.Contender::name).isEqualTo("robust-mpc@eps=0.1");
    }

    @Test
    void theOptimalContenderIsFoundByNameAndUnknownNamesMentionIt() {
        assertThat(REGISTRY.contender("optimal")).isInstanceOf(AbrEvaluation.Optimal.class);
        assertThatThrownBy(() -> REGISTRY.contender("oracle")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bba, mpc, robust-mpc, rate").hasMessageContaining("'optimal'");
    }

    @Test
    void aLiveServerCannotRunTheOfflineOptimum() {
        assertThatThrownBy(() -> REGISTRY.online("optimal")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs the whole trace");
    }

    @Test
    void expertsThatSeeTheFutureAreContendersButNeverLivePolicies() {
        assertThat(REGISTRY.contender("oracle-mpc:4")).isInstanceOf(AbrEvaluation.Expert.class)
                .extracting(AbrEvaluation.Contender::name).isEqualTo("oracle-mpc:4");
        assertThat(REGISTRY.contender("replan")).isInstanceOf(AbrEvaluation.Expert.class);
        assertThatThrownBy(() -> REGISTRY.online("replan:10")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sees the future").hasMessageContaining("robust-mpc")
                .message().doesNotContain("oracle-mpc:H");
    }

    @Test
    void aMissingAdapterFolderIsNamed() {
        assertThatThrownBy(() -> REGISTRY.contender("netllm:/no/such/adapter")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("/no/such/adapter").hasMessageContaining("does not exist");
    }

    @Test
    void learnedBaselinesNameTheirFolderOrRefuseAMissingOne() {
        assertThat(REGISTRY.baselineModels()).isEqualTo(Path.of("models"));
        assertThat(AbrPolicyRegistry.isLearned("genet:/x")).isTrue();
        assertThat(AbrPolicyRegistry.isLearned("pensieved")).isFalse();
        assertThatThrownBy(() -> REGISTRY.online("genet:/no/such/actor")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("/no/such/actor does not exist").hasMessageContaining("train-pensieve");
        assertThatThrownBy(() -> REGISTRY.online("pensieve:")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("names no folder");
    }
}
