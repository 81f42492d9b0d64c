package io.dpnet.spark;

import com.esotericsoftware.kryo.Kryo;
import io.dpnet.eval.ConfusionMatrix;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers every dpnet class that crosses the wire through Spark's serializer (cached or
 * shuffled shards, task results, broadcast weights), so that {@code
 * spark.kryo.registrationRequired=true} can catch anything that would otherwise be written with
 * its full class name.
 */
public final class DpnetKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(float[].class);
        kryo.register(int[].class);
        kryo.register(long[].class);
        kryo.register(double[].class);
        kryo.register(float[][].class);
        kryo.register(Shard.class);
        kryo.register(GradientSum.class);
        kryo.register(ParamSum.class);
        kryo.register(EvalSum.class);
        kryo.register(ConfusionMatrix.class);
        kryo.register(TopMisclassified.class);
    }
}
