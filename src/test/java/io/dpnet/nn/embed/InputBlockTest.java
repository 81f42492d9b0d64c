package io.dpnet.nn.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dpnet.nn.Activation;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.RegressionLoss;
import io.dpnet.nn.RegressionTargets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Forward layout, pooling, padding, empty bags, out-of-vocabulary handling and the notebook's example. */
class InputBlockTest {

    /** The notebook's table: ids 1..10 (index 0 unused), every row [0.1, 0.2, 0.3]. */
    private static float[] notebookTable() {
        float[] table = new float[11 * 3];
        for (int id = 1; id <= 10; id++) {
            table[id * 3] = 0.1f;
            table[id * 3 + 1] = 0.2f;
            table[id * 3 + 2] = 0.3f;
        }
        return table;
    }

    private static InputBlockSpec bagOnly(Pooling pooling) {
        return new InputBlockSpec(0, List.of(), new TokenBagInput("text", 11, 3, pooling, 0, OovPolicy.ERROR));
    }

    private static InputRows bags(InputBlockSpec spec, int[] offsets, int[] ids) {
        return InputRows.builder(spec, offsets.length - 1).bags(offsets, ids).build();
    }

    /**
     * The seed notebook: "xin chào xin chào" = [3, 5, 3, 5] selects four rows of the embedding
     * table; with z₁ = x·W₁ + b and ½(z₁ − y)², dL/dX = dL/dz₁ · W₁ᵀ, and each occurrence of an
     * id sends that dL/dX back to its row — so rows 3 and 5 get it twice, and nothing else moves.
     */
    @Test
    void seedNotebookXinChaoXinChaoIsFourLookupsOfRowsThreeAndFive() {
        InputBlockSpec spec = bagOnly(Pooling.SUM);
        InputRows rows = bags(spec, new int[] {0, 4}, new int[] {3, 5, 3, 5});
        EmbeddingTables tables = new EmbeddingTables(spec, new float[][] {notebookTable()});
        BlockNetwork net = new BlockNetwork(spec, ModelSpec.of(new int[] {3, 2}, List.of(Activation.LINEAR), LossKind.MSE));
        float[] w1 = {0.5f, -1f, 0.25f, 2f, -0.75f, 0.125f}; // 3 × 2, row-major, then b = [0.1, -0.2]
        float[] dense = {w1[0], w1[1], w1[2], w1[3], w1[4], w1[5], 0.1f, -0.2f};
        BlockParams params = new BlockParams(dense, tables);
        BlockNetworkWorkspace ws = net.workspace(1, io.dpnet.nn.Gemm.create("java"));
        float[] y = {1f, 0f};
        BlockGradient g = new BlockGradient(dense.length, spec);

        net.gradient(params, new LabelledBatch(rows.batch(0, 1), RegressionLoss.mse().on(new RegressionTargets(y, 2, null))),
                g, ws);

        float[] x = {0.4f, 0.8f, 1.2f}; // four rows of [0.1, 0.2, 0.3], summed
        assertThat(ws.blockInput()[0]).isCloseTo(x[0], within(1e-6f));
        assertThat(ws.blockInput()[1]).isCloseTo(x[1], within(1e-6f));
        assertThat(ws.blockInput()[2]).isCloseTo(x[2], within(1e-6f));
        double[] dz1 = new double[2];
        for (int j = 0; j < 2; j++) {
            double z = dense[6 + j];
            for (int i = 0; i < 3; i++) {
                z += x[i] * w1[i * 2 + j];
            }
            dz1[j] = z - y[j];
        }
        double[] dx = new double[3];
        for (int i = 0; i < 3; i++) {
            dx[i] = dz1[0] * w1[i * 2] + dz1[1] * w1[i * 2 + 1]; // dL/dX = dL/dz₁ · W₁ᵀ
        }
        SparseRowGradient rowsGrad = g.table(0);
        assertThat(rowsGrad.ids()).containsExactly(3, 5);
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 3; i++) {
                assertThat((double) rowsGrad.values()[k * 3 + i]).as("row %d coord %d", rowsGrad.id(k), i)
                        .isCloseTo(2 * dx[i], within(1e-5));
            }
        }
    }

    @Test
    void meanPoolingIsTheSumOverNonPaddingTokensDividedByTheirCount() {
        float[] table = EmbeddingTables.initialize(bagOnly(Pooling.SUM), 3).table(0);
        int[] offsets = {0, 4, 7};
        int[] ids = {3, 5, 3, 5, 0, 9, 0};
        float[] sum = forward(bagOnly(Pooling.SUM), table, offsets, ids);
        float[] mean = forward(bagOnly(Pooling.MEAN), table, offsets, ids);
        for (int j = 0; j < 3; j++) {
            assertThat(sum[j]).isCloseTo(2 * table[9 + j] + 2 * table[15 + j], within(1e-6f));
            assertThat(mean[j]).isCloseTo(sum[j] / 4, within(1e-6f));
            assertThat(sum[3 + j]).isEqualTo(table[27 + j]); // padding 0 ignored: one token, 9
            assertThat(mean[3 + j]).isEqualTo(table[27 + j]);
        }
    }

    @Test
    void paddingIdsAreIgnoredInForwardAndNeverBecomeGradientRows() {
        InputBlockSpec spec = bagOnly(Pooling.MEAN);
        EmbeddingTables tables = EmbeddingTables.initialize(spec, 5);
        float[] padded = forward(spec, tables.table(0), new int[] {0, 5}, new int[] {0, 4, 0, 7, 0});
        float[] plain = forward(spec, tables.table(0), new int[] {0, 2}, new int[] {4, 7});
        assertThat(padded).containsExactly(plain);

        InputRows rows = bags(spec, new int[] {0, 5}, new int[] {0, 4, 0, 7, 0});
        SparseRowGradient[] grads = {new SparseRowGradient(3)};
        new InputBlock(spec).backward(rows.batch(0, 1), new float[] {1f, 2f, 3f}, new BlockWorkspace(1), grads);
        assertThat(grads[0].ids()).containsExactly(4, 7);
        assertThat(grads[0].values()).containsExactly(0.5f, 1f, 1.5f, 0.5f, 1f, 1.5f);
    }

    @Test
    void anEmptyBagPoolsToZerosAndContributesNoRows() {
        for (Pooling pooling : Pooling.values()) {
            InputBlockSpec spec = new InputBlockSpec(1, List.of(), new TokenBagInput("text", 11, 3, pooling, -1,
                    OovPolicy.ERROR));
            EmbeddingTables tables = EmbeddingTables.initialize(spec, 1);
            InputRows rows = InputRows.builder(spec, 2).numeric(new float[] {7f, 8f})
                    .bags(new int[] {0, 0, 1}, new int[] {6}).build();
            float[] out = new float[8];
            new InputBlock(spec).forward(tables, rows.batch(0, 2), out);
            assertThat(out).as("%s", pooling).startsWith(7f, 0f, 0f, 0f, 8f);
            SparseRowGradient[] grads = {new SparseRowGradient(3)};
            new InputBlock(spec).backward(rows.batch(0, 1), new float[] {1f, 1f, 1f, 1f}, new BlockWorkspace(1), grads);
            assertThat(grads[0].count()).isZero();
        }
    }

    @Test
    void anOutOfVocabularyCategoricalIdNamesRowColumnAndVocabulary() {
        InputBlockSpec spec = new InputBlockSpec(0, List.of(new CategoricalInput("user", 10, 2, OovPolicy.ERROR)), null);
        InputRows rows = InputRows.builder(spec, 3).categorical(new int[] {1, 2, 10}).build();
        float[] out = new float[6];
        EmbeddingTables tables = EmbeddingTables.initialize(spec, 1);
        assertThatThrownBy(() -> new InputBlock(spec).forward(tables, rows.batch(0, 3), out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 2, column 'user': id 10 is outside the vocabulary [0, 10)");
        InputRows negative = InputRows.builder(spec, 2).categorical(new int[] {-1, 0}).build();
        assertThatThrownBy(() -> new InputBlock(spec).forward(tables, negative.batch(0, 2), out))
                .hasMessage("row 0, column 'user': id -1 is outside the vocabulary [0, 10)");
    }

    @Test
    void anOutOfVocabularyTokenNamesRowColumnTokenAndPadding() {
        InputBlockSpec spec = bagOnly(Pooling.MEAN);
        InputRows rows = bags(spec, new int[] {0, 2, 5}, new int[] {1, 2, 3, 0, 11});
        EmbeddingTables tables = EmbeddingTables.initialize(spec, 1);
        assertThatThrownBy(() -> new InputBlock(spec).forward(tables, rows.batch(0, 2), new float[6]))
                .hasMessage("row 1, column 'text', token 2: id 11 is outside the vocabulary [0, 11)"
                        + " and is not the padding id 0");
    }

    @Test
    void theUnknownIdPolicyMapsEveryOutOfVocabularyIdToTheReservedLastRow() {
        InputBlockSpec spec = new InputBlockSpec(0, List.of(new CategoricalInput("country", 3, 2, OovPolicy.UNKNOWN_ID)),
                new TokenBagInput("text", 4, 2, Pooling.SUM, -1, OovPolicy.UNKNOWN_ID));
        assertThat(spec.tableRows(0)).isEqualTo(4);
        assertThat(spec.tableRows(1)).isEqualTo(5);
        EmbeddingTables tables = EmbeddingTables.initialize(spec, 9);
        InputRows rows = InputRows.builder(spec, 2).categorical(new int[] {7, -5})
                .bags(new int[] {0, 1, 3}, new int[] {100, -1, 4}).build();
        float[] out = new float[8];
        new InputBlock(spec).forward(tables, rows.batch(0, 2), out);
        float[] c = tables.table(0);
        float[] t = tables.table(1);
        assertThat(out).containsExactly(c[6], c[7], t[8], t[9], c[6], c[7], t[8], t[9]);

        SparseRowGradient[] grads = {new SparseRowGradient(2), new SparseRowGradient(2)};
        new InputBlock(spec).backward(rows.batch(0, 2), new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new BlockWorkspace(2), grads);
        assertThat(grads[0].ids()).containsExactly(3);
        assertThat(grads[0].values()).containsExactly(6f, 8f);
        assertThat(grads[1].ids()).containsExactly(4);
        assertThat(grads[1].values()).containsExactly(10f, 12f);
    }

    @Test
    void tablesOfAnotherBlockAreRefusedByName() {
        InputBlockSpec spec = bagOnly(Pooling.SUM);
        EmbeddingTables other = EmbeddingTables.initialize(bagOnly(Pooling.MEAN), 1);
        InputRows rows = bags(spec, new int[] {0, 1}, new int[] {1});
        assertThatThrownBy(() -> new InputBlock(spec).forward(other, rows.batch(0, 1), new float[3]))
                .hasMessage("tables are for the input block 0 numeric | text: bag of 11 ids × 3 (oov: error), mean,"
                        + " padding 0 → 3 inputs, not 0 numeric | text: bag of 11 ids × 3 (oov: error), sum, padding 0"
                        + " → 3 inputs");
    }

    @Test
    void aDenseStackOfTheWrongWidthIsRefusedWithBothSizes() {
        InputBlockSpec spec = bagOnly(Pooling.SUM);
        assertThatThrownBy(() -> new BlockNetwork(spec, ModelSpec.of(new int[] {4, 1}, List.of(Activation.LINEAR),
                LossKind.MSE)))
                .hasMessage("the first dense layer takes 4 inputs but the input block produces 3 (0 numeric | text:"
                        + " bag of 11 ids × 3 (oov: error), sum, padding 0 → 3 inputs)");
    }

    @Test
    void rowsAppendedOutOfOrderAreRefused() {
        SparseRowGradient g = new SparseRowGradient(2, 1);
        g.appendRow(4, new float[] {1f, 2f}, 0);
        g.appendRow(9, new float[] {3f, 4f}, 0);
        assertThat(g.ids()).containsExactly(4, 9);
        assertThat(g.values()).containsExactly(1f, 2f, 3f, 4f);
        assertThatThrownBy(() -> g.appendRow(9, new float[2], 0)).hasMessage("row 9 must be >= 0 and after the last row 9");
    }

    private static float[] forward(InputBlockSpec spec, float[] table, int[] offsets, int[] ids) {
        InputRows rows = bags(spec, offsets, ids);
        float[] out = new float[rows.rows() * spec.width()];
        new InputBlock(spec).forward(new EmbeddingTables(spec, new float[][] {table}), rows.batch(0, rows.rows()), out);
        return out;
    }
}
