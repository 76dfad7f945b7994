package io.secai.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.secai.demo.DemoModel.Step;

/** The demo recognises the steps of the two shipped promptbooks (their texts, inputs filled in), and nothing else. */
class DemoModelTest {

    @Test
    void theStepsOfTheIncidentInvestigation() {
        assertThat(Step.of("Show me the list incidents with status New in Sentinel for the last 30 days. Show me the "
                + "incident number, title and severity. Make sure you only show me the last entry for each incident."))
                .isEqualTo(Step.LIST_INCIDENTS);
        assertThat(Step.of("Show me main details of the last instance of incident number 2207. Limit the results to "
                + "6 more important fields and include the list related of Alert IDs")).isEqualTo(Step.INCIDENT_DETAILS);
        assertThat(Step.of("Use the AlertIds from previous incident get the relevant details of the above security "
                + "alerts. Include the description and the related entities")).isEqualTo(Step.ALERTS);
        assertThat(Step.of("Get the signin logs in the last 24 hours for the users included in the previous alerts"))
                .isEqualTo(Step.SIGN_INS);
        assertThat(Step.of("Produce an Executive Summary of the investigated incident")).isEqualTo(Step.SUMMARY);
    }

    @Test
    void theStepsOfUrlToDetection() {
        assertThat(Step.of("Use this url to create a detection for hidden inbox rules " + DemoWorld.techniqueUrl()
                + " in Sentinel")).isEqualTo(Step.DETECTION_FROM_PAGE);
        assertThat(Step.of("I need to craft a Sentinel Analytic Rule to detect the behaviour describe above. Generate "
                + "the Sentinel Analytic rule to be deployed as an ARM template. Produce the output in json format"))
                .isEqualTo(Step.ARM_RULE);
        assertThat(Step.of("Fetch this url " + DemoWorld.guideUrl() + " and optimize the query of the above Sentinel "
                + "Analytic rule")).isEqualTo(Step.OPTIMISE);
    }

    @Test
    void anythingElseIsUnknownAndItsAnswerNamesTheSettings() {
        assertThat(Step.of("Which servers talked to 8.8.8.8 yesterday?")).isEqualTo(Step.UNKNOWN);
        assertThat(Step.of("")).isEqualTo(Step.UNKNOWN);
        assertThat(DemoAnswers.unknown()).startsWith(DemoModel.RECORDED)
                .contains("openai.endpoint", "AZURE_OPENAI_ENDPOINT", "azure.workspace-id", "secai doctor");
    }

    @Test
    void theSummaryIsGivenOnlyWhenTheSessionHoldsTheIncident() {
        assertThat(DemoAnswers.summary("nothing yet")).contains("does not hold its details yet")
                .doesNotContain("Executive summary");
        assertThat(DemoAnswers.summary(DemoData.INCIDENT_TITLE + " " + DemoData.SPRAY_IP))
                .contains("Executive summary: incident 2207");
    }
}
