package io.dpnet.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.dpnet.nn.LossSum;

/** Kryo form of the {@link LossSum} record (Kryo 4 cannot build records field by field): two doubles. */
final class LossSumSerializer extends Serializer<LossSum> {
    @Override
    public void write(Kryo kryo, Output out, LossSum s) {
        out.writeDouble(s.loss());
        out.writeDouble(s.weight());
    }

    @Override
    public LossSum read(Kryo kryo, Input in, Class<LossSum> type) {
        return new LossSum(in.readDouble(), in.readDouble());
    }
}
