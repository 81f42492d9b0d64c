package io.dpnet.nn.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec's layout, value semantics, serialization and the errors of specs and input rows. */
class InputBlockSpecTest {
    static InputBlockSpec sample() {
        return new InputBlockSpec(3,
                List.of(new CategoricalInput("user", 1000, 16, OovPolicy.ERROR),
                        new CategoricalInput("country", 50, 4, OovPolicy.UNKNOWN_ID)),
                new TokenBagInput("tokens", 20000, 32, Pooling.MEAN, 0, OovPolicy.ERROR));
    }

    @Test
    void layoutIsNumericThenEachCategoricalThenTheBag() {
        InputBlockSpec s = sample();
        assertThat(s.width()).isEqualTo(3 + 16 + 4 + 32);
        assertThat(s.tableCount()).isEqualTo(3);
        assertThat(new int[] {s.offset(0), s.offset(1), s.offset(2)}).containsExactly(3, 19, 23);
        assertThat(new int[] {s.tableRows(0), s.tableRows(1), s.tableRows(2)}).containsExactly(1000, 51, 20000);
        assertThat(s.bagTable()).isEqualTo(2);
        assertThat(s).hasToString("3 numeric | user: 1000 ids × 16 (oov: error) | country: 50 ids + unknown 50 × 4"
                + " | tokens: bag of 20000 ids × 32 (oov: error), mean, padding 0 → 55 inputs");
    }

    @Test
    void equalSpecsAreEqualAndSurviveJavaSerialization() throws Exception {
        assertThat(sample()).isEqualTo(sample()).hasSameHashCodeAs(sample());
        InputBlockSpec other = new InputBlockSpec(3, sample().categoricals(),
                new TokenBagInput("tokens", 20000, 32, Pooling.SUM, 0, OovPolicy.ERROR));
        assertThat(other).isNotEqualTo(sample());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(sample());
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            InputBlockSpec back = (InputBlockSpec) in.readObject();
            assertThat(back).isEqualTo(sample());
            assertThat(back.width()).isEqualTo(55);
            assertThat(back.offset(2)).isEqualTo(23);
        }
    }

    @Test
    void badSpecsSayWhichColumnAndWhatIsWrong() {
        assertThatThrownBy(() -> new CategoricalInput("user", 0, 4, OovPolicy.ERROR))
                .hasMessage("column 'user': vocabulary size must be positive, got 0");
        assertThatThrownBy(() -> new CategoricalInput("user", 10, 0, OovPolicy.ERROR))
                .hasMessage("column 'user': embedding dimension must be positive, got 0");
        assertThatThrownBy(() -> new CategoricalInput("item", 100_000_000, 32, OovPolicy.ERROR))
                .hasMessage("column 'item': a table of 100000000 rows × 32 exceeds one Java array (2^31 floats)");
        assertThatThrownBy(() -> new TokenBagInput("text", 10, 4, null, 0, OovPolicy.ERROR))
                .hasMessage("token bag 'text': pooling is required (sum or mean)");
        assertThatThrownBy(() -> new InputBlockSpec(0, List.of(new CategoricalInput("a", 3, 2, OovPolicy.ERROR)),
                new TokenBagInput("a", 3, 2, Pooling.SUM, 0, OovPolicy.ERROR)))
                .hasMessage("column 'a' appears twice in the input block");
        assertThatThrownBy(() -> new InputBlockSpec(0, List.of(), null))
                .hasMessage("an input block needs at least one numeric feature or embedded column");
    }

    @Test
    void inputRowsOfTheWrongShapeNameThePart() {
        InputBlockSpec s = sample();
        int[] ids = new int[2];
        assertThatThrownBy(() -> InputRows.builder(s, 2).numeric(new float[5]).categorical(ids, ids)
                .bags(new int[] {0, 0, 0}, new int[0]).build())
                .hasMessage("numeric features: expected 2 rows × 3 = 6 floats, got 5");
        assertThatThrownBy(() -> InputRows.builder(s, 2).numeric(new float[6]).categorical(ids, new int[3])
                .bags(new int[] {0, 0, 0}, new int[0]).build())
                .hasMessage("column 'country': expected 2 ids, got 3");
        assertThatThrownBy(() -> InputRows.builder(s, 2).numeric(new float[6]).categorical(ids)
                .bags(new int[] {0, 0, 0}, new int[0]).build())
                .hasMessage("expected 2 categorical id columns [user, country], got 1");
        assertThatThrownBy(() -> InputRows.builder(s, 2).numeric(new float[6]).categorical(ids, ids)
                .bags(new int[] {0, 3, 1}, new int[3]).build())
                .hasMessage("row 1, column 'tokens': bag offsets decrease from 3 to 1");
        assertThatThrownBy(() -> InputRows.builder(s, 2).numeric(new float[6]).categorical(ids, ids)
                .bags(new int[] {0, 3, 4}, new int[3]).build())
                .hasMessage("column 'tokens': the bag offsets end at 4 but there are only 3 token ids");
        assertThatThrownBy(() -> InputRows.builder(s, 2).numeric(new float[6]).categorical(ids, ids).build())
                .hasMessage("column 'tokens': token bags (offsets and ids) are required");
        InputRows ok = InputRows.builder(s, 2).numeric(new float[6]).categorical(ids, ids)
                .bags(new int[] {0, 0, 0}, new int[0]).build();
        assertThatThrownBy(() -> ok.batch(1, 2)).hasMessage("rows [1, 3) are outside the 2 input rows");
    }
}
