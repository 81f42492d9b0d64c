package io.dpnet.spark;

import io.dpnet.eval.EvalSum;
import io.dpnet.eval.TopMisclassified;
import io.dpnet.spark.input.SampleRecord;
import io.dpnet.spark.input.Shard;
import io.dpnet.train.GradientSum;
import io.dpnet.train.ParamSum;

import com.esotericsoftware.kryo.Kryo;
import io.dpnet.eval.ConfusionMatrix;
import org.apache.spark.serializer.KryoRegistrator;
import org.apache.spark.sql.types.DataTypes;

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
        kryo.register(byte[].class);
        kryo.register(int[].class);
        kryo.register(long[].class);
        kryo.register(double[].class);
        kryo.register(float[][].class);
        kryo.register(Shard.class);
        kryo.register(SampleRecord.class);
        kryo.register(GradientSum.class);
        kryo.register(ParamSum.class);
        kryo.register(EvalSum.class);
        kryo.register(ConfusionMatrix.class);
        kryo.register(TopMisclassified.class);
        // Block networks (#12): shards, the step's task result and the table broadcasts.
        kryo.register(int[][].class);
        kryo.register(io.dpnet.spark.input.TabularShard.class);
        kryo.register(io.dpnet.spark.input.TabularShards.recordClass());
        kryo.register(io.dpnet.spark.train.BlockStepSum.class);
        kryo.register(io.dpnet.nn.embed.BlockGradient.class);
        kryo.register(io.dpnet.nn.embed.SparseRowGradient.class, new SparseRowGradientSerializer());
        kryo.register(io.dpnet.nn.embed.SparseRowGradient[].class);
        kryo.register(io.dpnet.nn.LossSum.class, new LossSumSerializer());
        kryo.register(io.dpnet.spark.train.TableDelta.class);
        kryo.register(io.dpnet.spark.train.TableSnapshot.class);
        // Spark SQL puts a DataFrame's schema into task results (Parquet writes); Spark registers
        // the struct and primitive types itself, not these.
        kryo.register(org.apache.spark.ml.linalg.VectorUDT.class);
        kryo.register(org.apache.spark.ml.linalg.MatrixUDT.class);
        kryo.register(org.apache.spark.sql.types.ArrayType.class);
        kryo.register(org.apache.spark.sql.types.MapType.class);
        kryo.register(org.apache.spark.sql.types.DecimalType.class);
        for (org.apache.spark.sql.types.DataType t : java.util.List.of(DataTypes.BooleanType, DataTypes.ByteType,
                DataTypes.ShortType, DataTypes.IntegerType, DataTypes.LongType, DataTypes.FloatType,
                DataTypes.DoubleType, DataTypes.StringType, DataTypes.BinaryType, DataTypes.DateType,
                DataTypes.TimestampType, DataTypes.NullType)) {
            kryo.register(t.getClass());
        }
    }
}
