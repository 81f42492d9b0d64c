package io.dpnet.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatAndHtmlTest {
    @Test
    void escapesEverythingThatIsMarkupInTextOrAttributes() {
        assertThat(Html.escape("<a href=\"x\">Tom & 'Jerry'</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
        assertThat(Html.escape("tab\tnewline\n bell\u0007 → ü")).isEqualTo("tab\tnewline\n bell\uFFFD → ü");
    }

    @Test
    void confidenceNeverRoundsUpToCertainty() {
        assertThat(Format.confidence(0.973)).isEqualTo("97.3%");
        assertThat(Format.confidence(0.99996)).isEqualTo(">99.9%");
        assertThat(Format.confidence(1.0)).isEqualTo("100.0%");
    }

    @Test
    void numbersDurationsAndPercentages() {
        assertThat(Format.number(3L)).isEqualTo("3");
        assertThat(Format.number(0.9)).isEqualTo("0.9");
        assertThat(Format.number(0.08604891234)).isEqualTo("0.0860489");
        assertThat(Format.number(53.0)).isEqualTo("53");
        assertThat(Format.number(1e-6)).isEqualTo("1.00000e-06");
        assertThat(Format.number(Double.NaN)).isEqualTo("n/a");
        assertThat(Format.duration(53.01)).isEqualTo("53.0 s");
        assertThat(Format.duration(192.4)).isEqualTo("3 min 12 s");
        assertThat(Format.duration(7500)).isEqualTo("2 h 05 min");
        assertThat(Format.percent(0.97391)).isEqualTo("97.39%");
        assertThat(Format.percent(Double.NaN)).isEqualTo("n/a");
        assertThat(Format.grouped(269322)).isEqualTo("269,322");
    }
}
