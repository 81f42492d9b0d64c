package io.dpnet.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.train.GradientSum;
import org.junit.jupiter.api.Test;

/** The cluster transport's byte messages: every field survives, buffers are reused, mismatches are named. */
class ResidentWireTest {

    @Test
    void aSumRoundTripsExactlyIntoTheReceiversBuffer() {
        GradientSum s = GradientSum.empty();
        s.gradient = new double[] {1.0 / 3, -0.0, Double.MIN_VALUE, 1e300, -7.25};
        s.lossSum = 12.375;
        s.correct = 41;
        s.count = 64;
        s.mathNanos = 123_456_789L;
        byte[] m = ResidentWire.sum(9L, 3, 77L, s, null);
        ResidentWire.From from = ResidentWire.from(m);
        assertThat(from).isEqualTo(new ResidentWire.From(ResidentWire.SUM, 9L, 3));
        assertThat(ResidentWire.sumSeq(m)).isEqualTo(77L);

        GradientSum into = GradientSum.empty();
        double[] buffer = new double[5];
        into.gradient = buffer;
        ResidentWire.readSum(m, into);
        assertThat(into.gradient).isSameAs(buffer).containsExactly(s.gradient);
        assertThat(Double.doubleToRawLongBits(into.gradient[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(into.lossSum).isEqualTo(12.375);
        assertThat(into.correct).isEqualTo(41);
        assertThat(into.count).isEqualTo(64);
        assertThat(into.mathNanos).isEqualTo(123_456_789L);
        assertThat(into.maxTaskMathNanos).isEqualTo(123_456_789L);

        // The sender's buffer is reused when it fits, replaced when it does not.
        assertThat(ResidentWire.sum(9L, 3, 78L, s, m)).isSameAs(m);
        assertThat(ResidentWire.sumSeq(m)).isEqualTo(78L);
        assertThat(ResidentWire.sum(9L, 3, 79L, s, new byte[3])).hasSameSizeAs(m);
    }

    @Test
    void aStepCarriesItsPositionsAndWeightsIntoTheReusedArray() {
        float[] weights = {0.5f, -1e-30f, Float.NaN, 3f};
        byte[] m = ResidentWire.step(5L, 1024L, 2048L, 123L, weights);
        float[] into = new float[4];
        ResidentWire.Step s = ResidentWire.readStep(m, into);
        assertThat(s).isEqualTo(new ResidentWire.Step(5L, 1024L, 2048L, 123L));
        assertThat(into).containsExactly(weights);
        assertThat(ResidentWire.readStep(ResidentWire.closed(), into)).isNull();
    }

    @Test
    void helloAndFailNameTheirSender() {
        assertThat(ResidentWire.from(ResidentWire.hello(4L, 1))).isEqualTo(new ResidentWire.From(ResidentWire.HELLO, 4L, 1));
        byte[] fail = ResidentWire.fail(4L, 0, "java.io.IOException: disk gone — é");
        assertThat(ResidentWire.from(fail)).isEqualTo(new ResidentWire.From(ResidentWire.FAIL, 4L, 0));
        assertThat(ResidentWire.failMessage(fail)).isEqualTo("java.io.IOException: disk gone — é");
    }

    @Test
    void refusesMessagesOfAnotherModelSize() {
        GradientSum s = GradientSum.empty();
        s.gradient = new double[3];
        GradientSum into = GradientSum.empty();
        into.gradient = new double[4];
        assertThatThrownBy(() -> ResidentWire.readSum(ResidentWire.sum(1L, 0, 1L, s, null), into))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a gradient sum of 3 parameters arrived for a model of 4");
        assertThatThrownBy(() -> ResidentWire.readStep(ResidentWire.step(1L, 0, 1, 0, new float[2]), new float[5]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("weights of 2 parameters arrived for a model of 5");
        assertThatThrownBy(() -> ResidentWire.readStep(ResidentWire.hello(1L, 0), new float[5]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("unexpected resident engine message type 1");
    }
}
