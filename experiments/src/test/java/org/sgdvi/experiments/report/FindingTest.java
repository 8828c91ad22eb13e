package org.sgdvi.experiments.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every report states a checked claim one way: verdict, claim (and what the run found), evidence. */
class FindingTest {

    @Test
    void aFindingWithAnOutcomeReadsVerdictClaimOutcomeEvidence() {
        Finding f = new Finding("Remark 11, small-fc / with", Finding.Status.CONFIRMED, "the error follows eta/b",
                "adjusted binned R2 of log(eta/b) 1.");
        assertThat(f.sentence()).isEqualTo("Confirmed: Remark 11, small-fc / with: the error follows eta/b. "
                + "Adjusted binned R2 of log(eta/b) 1.");
        assertThat(f.holds()).isTrue();
    }

    @Test
    void aFindingWithoutAnOutcomeIsConfirmedOrNotByItsBoolean() {
        Finding no = new Finding("D is highly low-rank (Figs. 1-2)", false, "rank 90% of d.");
        assertThat(no.status()).isEqualTo(Finding.Status.NOT_CONFIRMED);
        assertThat(no.outcome()).isNull();
        assertThat(no.sentence()).isEqualTo("Not confirmed: D is highly low-rank (Figs. 1-2). Rank 90% of d.");
    }

    @Test
    void theReportRendersEveryFindingAsOneEscapedLineAndNothingForNone() {
        String html = new HtmlReport("t").findings(List.of(
                new Finding("lambda > lambda* = 0.78", Finding.Status.UNDETERMINED, "not resolved", "se 0.1 < 2 se."),
                new Finding("Remark 13", true, "changes 3%."))).render();
        assertThat(html).contains("<li><b>Undetermined</b>: lambda &gt; lambda* = 0.78: not resolved. Se 0.1 &lt; 2 se.</li>")
                .contains("<li><b>Confirmed</b>: Remark 13. Changes 3%.</li>");
        assertThat(new HtmlReport("t").findings(List.of()).render()).doesNotContain("<ul");
    }
}
