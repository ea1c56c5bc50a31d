package org.netllm.controller.abr.netllm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.QoeModel;

class AbrTaskSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCheckpointWrittenBeforeTheStateFieldReadsAsNetllmsState() throws Exception {
        // the task block of the committed models/abr-return (the default before the imitation model), verbatim
        String old = """
                {"bitratesKbps":[300,750,1200,1850,2850,4300],"window":10,
                 "returns":{"rewardMin":-15.005631446838379,"rewardMax":4.300000190734863,"scale":46.38359832763672},
                 "targetReturn":42.0}""";
        AbrTaskSettings settings = JSON.readValue(old, AbrTaskSettings.class);
        assertThat(settings.state()).isEqualTo(AbrStateDefinition.NETLLM);
        assertThat(settings.qoe()).isEqualTo(QoeModel.LINEAR);
        assertThat(settings.targetReturn()).isEqualTo(42.0);
    }

    @Test
    void theNormalisedStateSurvivesAWriteAndReadAndATargetChange() throws Exception {
        AbrTaskSettings settings = new AbrTaskSettings(new int[] {300, 750, 1200, 1850, 2850, 4300}, QoeModel.LINEAR,
                new ReturnScaling(-15.0, 4.3), 40.0, AbrStateDefinition.NORMALISED);
        AbrTaskSettings read = JSON.treeToValue(JSON.valueToTree(settings), AbrTaskSettings.class);
        assertThat(read).isEqualTo(settings);
        assertThat(read.withTargetReturn(30.0).state()).isEqualTo(AbrStateDefinition.NORMALISED);
        assertThat(AbrStateDefinition.parse("Normalised")).isEqualTo(AbrStateDefinition.NORMALISED);
        assertThat(AbrStateDefinition.parse("pensieve")).isNull();
    }
}
