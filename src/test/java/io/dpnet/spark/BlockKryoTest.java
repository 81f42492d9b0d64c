package io.dpnet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.nn.LossSum;
import io.dpnet.nn.embed.BlockGradient;
import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.nn.embed.SparseRowGradient;
import io.dpnet.spark.train.BlockStepSum;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/**
 * A block step's task result through Spark's Kryo with dpnet's registrations (registration
 * required): it round-trips, and a sparse row gradient costs its used rows, not its capacity.
 */
class BlockKryoTest {
    private static final SerializerInstance KRYO =
            new KryoSerializer(SparkContexts.conf("kryo-test", "local[1]")).newInstance();

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value, int[] bytes) {
        ByteBuffer buf = KRYO.serialize(value, ClassTag$.MODULE$.apply(Object.class));
        bytes[0] = buf.remaining();
        return (T) KRYO.deserialize(buf, ClassTag$.MODULE$.apply(Object.class));
    }

    @Test
    void aSparseRowGradientIsWrittenAsItsUsedRowsOnly() {
        SparseRowGradient g = new SparseRowGradient(32, 10_000); // capacity for 10 000 rows
        float[] row = new float[32];
        for (int id : new int[] {3, 5, 999_999}) {
            row[0] = id;
            row[31] = -id;
            g.appendRow(id, row, 0);
        }
        int[] size = new int[1];
        SparseRowGradient back = roundTrip(g, size);
        assertThat(back.ids()).containsExactly(3, 5, 999_999);
        assertThat(back.values()).containsExactly(g.values());
        assertThat(back.dim()).isEqualTo(32);
        // Class id + dim + count + 3 ids + 96 floats: a few bytes over 3·(4 + 128), not 10 000 rows' worth.
        assertThat(size[0]).isBetween(3 * 132 + 8, 3 * 132 + 16);
    }

    @Test
    void aStepResultRoundTripsWithItsLossSum() {
        InputBlockSpec spec = new InputBlockSpec(2, List.of(new CategoricalInput("c", 100, 4, OovPolicy.ERROR)), null);
        BlockStepSum sum = new BlockStepSum();
        sum.gradient = new BlockGradient(7, spec);
        sum.gradient.dense()[6] = 2.5f;
        sum.gradient.table(0).appendRow(42, new float[] {1, 2, 3, 4}, 0);
        sum.count = 9;
        sum.correct = 4;
        BlockStepSum back = roundTrip(sum, new int[1]);
        assertThat(back.gradient.dense()).containsExactly(0, 0, 0, 0, 0, 0, 2.5f);
        assertThat(back.gradient.table(0).ids()).containsExactly(42);
        assertThat(back.gradient.table(0).values()).containsExactly(1, 2, 3, 4);
        assertThat(back.gradient.lossSum()).isEqualTo(LossSum.ZERO);
        assertThat(back.count).isEqualTo(9);
        assertThat(back.correct).isEqualTo(4);
        // Merging after the trip works on the rebuilt buffers.
        back.merge(sum);
        assertThat(back.gradient.table(0).values()).containsExactly(2, 4, 6, 8);
    }
}
