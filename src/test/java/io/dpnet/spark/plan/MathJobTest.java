package io.dpnet.spark.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.plan.MathCost;
import io.dpnet.plan.Measured;
import org.junit.jupiter.api.Test;

/** A task's math cost travels as a double[] (Kryo-registered) and arrives exactly as measured. */
class MathJobTest {
    @Test
    void aTasksCostRoundTripsThroughItsResultArray() {
        MathCost c = new MathCost(new int[] {8, 64, 256}, new Measured[] {new Measured(40e-6, 38e-6, 45e-6),
            new Measured(16e-6, 15e-6, 17e-6), new Measured(10e-6, -0.0, Double.MIN_VALUE)}, 256);
        double[] flat = MathJob.encode(c, new double[] {32, 256, 1.5});
        MathCost back = MathJob.decode(flat);
        assertThat(back.chunkRows()).containsExactly(8, 64, 256);
        assertThat(back.maxChunkRows()).isEqualTo(256);
        assertThat(back.perSample()).containsExactly(c.perSample());
        assertThat(flat[flat.length - 3]).isEqualTo(32);
        assertThat(flat[flat.length - 1]).isEqualTo(1.5);
    }
}
