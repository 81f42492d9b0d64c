package io.dpnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The Spark-free line parsers and CSV layout resolution behind the LIBSVM and CSV readers. */
class TextFormatsTest {
    @Test
    void libsvmParsesSparseOneBasedLines() throws Exception {
        LibSvmLine.Parsed p = LibSvmLine.parse("2 1:0.5  4:-1e-3", 5, 3);
        assertThat(p.label()).isEqualTo(2);
        assertThat(p.indices()).containsExactly(0, 3);
        assertThat(p.values()).containsExactly(0.5, -1e-3);
        assertThat(LibSvmLine.parse("0", 5, 3).indices()).isEmpty();
        assertThat(LibSvmLine.skipped("  # comment")).isTrue();
        assertThat(LibSvmLine.skipped("   ")).isTrue();
        assertThat(LibSvmLine.skipped("1 1:2")).isFalse();
    }

    @Test
    void libsvmErrorsSayWhatWasExpectedAndFound() {
        assertError(() -> LibSvmLine.parse("1 2", 5, 3), "expected index:value but found '2'");
        assertError(() -> LibSvmLine.parse("1 a:2", 5, 3), "expected an integer feature index but found 'a'");
        assertError(() -> LibSvmLine.parse("1 -1:2", 5, 3), "feature index -1 is not ≥ 1");
        assertError(() -> LibSvmLine.parse("1 2:1 2:1", 5, 3), "feature index 2 follows 2 (indices must be ascending)");
        assertError(() -> LibSvmLine.parse("1 6:1", 5, 3), "expected feature indices in 1..5 but found 6");
        assertError(() -> LibSvmLine.parse("1 2:x", 5, 3), "expected a number for feature 2 but found 'x'");
        assertError(() -> LibSvmLine.parse("1 2:NaN", 5, 3), "expected a number for feature 2 but found 'NaN'");
        assertError(() -> LibSvmLine.parse("1.5 2:1", 5, 3), "label 1.5 is not an integer class in [0, 3)");
        assertError(() -> LibSvmLine.parse("-1 2:1", 5, 3), "label -1 is not an integer class in [0, 3)");
        assertError(() -> LibSvmLine.parse("3 2:1", 5, 3), "label 3 is not an integer class in [0, 3)");
        // A tab is not a separator for Spark's libsvm source either.
        assertError(() -> LibSvmLine.parse("1\t2:1", 5, 3), "expected a numeric label but found '1\t2:1'");
    }

    @Test
    void csvLayoutFromHeaderNamesOrIndices() throws Exception {
        CsvLayout byName = CsvLayout.resolve("a;y;b", true, ';', "y", "", 2, true, "f.csv");
        CsvLayout.Parsed p = byName.parse("0.5;1;\"0.25\"", 2);
        assertThat(p.label()).isEqualTo(1);
        assertThat(p.features()).containsExactly(0.5, 0.25);
        byName.checkHeader("a;y;b ");
        assertError(() -> {
            byName.checkHeader("a;b;y");
            return null;
        }, "expected the same header as the first file ('a;y;b') but found "
                + "'a;b;y'");

        CsvLayout bom = CsvLayout.resolve("\uFEFFlabel,x0,x1", true, ',', "label", "", 2, true, "bom.csv");
        assertThat(bom.parse("2,0.5,1", 3).label()).isEqualTo(2);
        bom.checkHeader("\uFEFFlabel,x0,x1");

        CsvLayout tabs = CsvLayout.resolve("1\t2\t3", false, CsvLayout.delimiter("tab"), "2", "", 2, true, "t.tsv");
        assertThat(tabs.parse("1\t2\t0", 2).label()).isZero();
        assertThat(tabs.parse("1\t2\t0", 2).features()).containsExactly(1, 2);
        assertError(() -> tabs.parse("1\t2\t", 2), "expected a numeric label in field 3 but found ''");
        assertError(() -> tabs.parse("1\t2", 2), "expected 3 numeric fields (label + 2 features) but found 2");
    }

    @Test
    void csvForPredictFindsUnlabelledLinesAndIdColumns() throws Exception {
        CsvLayout plain = CsvLayout.resolve("0.1,0.2", false, ',', "", "", 2, false, "p.csv");
        assertThat(plain.hasLabel()).isFalse();
        assertThat(plain.parse("0.1,0.2", 0).label()).isEqualTo(-1);
        CsvLayout labelled = CsvLayout.resolve("1,0.1,0.2", false, ',', "", "", 2, false, "p.csv");
        assertThat(labelled.hasLabel()).isTrue();
        CsvLayout withId = CsvLayout.resolve("id,x0,x1", true, ',', "", "", 2, false, "p.csv");
        assertThat(withId.hasId()).isTrue();
        assertThat(withId.hasLabel()).isFalse();
        assertThat(withId.parse("a7,0.5,1", 0).id()).isEqualTo("a7");
        assertThatThrownBy(() -> CsvLayout.resolve("1,2", false, ',', "none", "", 2, true, "t.csv"))
                .hasMessage("training and evaluation need labels; a CSV label column of 'none' only works for predict");
        assertThatThrownBy(() -> CsvLayout.resolve("1,2,3", false, ',', "label", "", 2, true, "t.csv"))
                .hasMessage("the CSV label column 'label' is a name, which needs a header line (set the CSV header "
                        + "option) — or give a 0-based column index");
        assertThatThrownBy(() -> CsvLayout.resolve("1,2,3", false, ',', "3", "", 2, true, "t.csv"))
                .hasMessage("t.csv: the label column 3 (0-based) is beyond the 3 columns of the first line");
        assertThatThrownBy(() -> CsvLayout.delimiter(";;")).hasMessage("the CSV delimiter must be one character (or "
                + "'tab'), got ';;'");
    }

    @Test
    void formatsParseWithSuggestions() {
        assertThat(DataFormat.parse("LibSVM")).isEqualTo(DataFormat.LIBSVM);
        assertThatThrownBy(() -> DataFormat.parse("parquett")).hasMessage("unknown data format 'parquett' (expected "
                + "idx, libsvm, csv or parquet; did you mean 'parquet'?)");
    }

    private interface Parse {
        Object run() throws Exception;
    }

    private static void assertError(Parse p, String message) {
        assertThatThrownBy(p::run).isInstanceOf(LineFormatException.class).hasMessage(message);
    }
}
