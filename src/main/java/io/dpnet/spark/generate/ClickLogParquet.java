package io.dpnet.spark.generate;

import io.dpnet.data.clicklog.ClickLogRows;
import io.dpnet.data.clicklog.ClickLogSpec;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * One Parquet part of a click log, written with parquet-mr directly (the library Spark itself
 * bundles) rather than through a DataFrame: the part's name and content are then ours — part k,
 * rows in index order, no job UUID in the name — so the bytes and their SHA-256 do not depend on
 * the task count. The record handed to the writer is the generator itself ({@link ClickLogRows},
 * one reused object), so writing allocates nothing per row.
 *
 * <p>Schema: {@code label int32, user int32, item int32, site int32, x1 float, x2 float, x3 float},
 * all required; what Spark reads as {@code int} and {@code float} columns.
 */
final class ClickLogParquet {
    static final MessageType SCHEMA = schema();

    private ClickLogParquet() {
    }

    private static MessageType schema() {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.INT32).named(ClickLogSpec.LABEL);
        for (String c : ClickLogSpec.CATEGORICAL) {
            b.required(PrimitiveTypeName.INT32).named(c);
        }
        for (String x : ClickLogSpec.NUMERIC) {
            b.required(PrimitiveTypeName.FLOAT).named(x);
        }
        return b.named("clicklog");
    }

    /**
     * Writes rows {@code [first, first + count)} to {@code path} (replacing it), handing each row
     * to {@code afterEach} once written (the writer has copied its values by then).
     */
    static void write(Configuration conf, Path path, ClickLogRows rows, long first, long count,
            Consumer<ClickLogRows> afterEach) throws IOException {
        try (ParquetWriter<ClickLogRows> writer = new Builder(HadoopOutputFile.fromPath(path, conf))
                .withConf(conf)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                // One encoding per column chunk: parquet-mr lists a chunk's encodings in the footer
                // in HashSet order (Enum identity hashes), so with v1 pages ({PLAIN_DICTIONARY,
                // BIT_PACKED}) the footer bytes changed with the JVM's heap size and classpath.
                // v2 pages without dictionaries list one (DELTA_BINARY_PACKED or PLAIN).
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withDictionaryEncoding(false)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (long r = 0; r < count; r++) {
                rows.generate(first + r);
                writer.write(rows);
                afterEach.accept(rows);
            }
        }
    }

    private static final class Builder extends ParquetWriter.Builder<ClickLogRows, Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ClickLogRows> getWriteSupport(Configuration conf) {
            return new RowWriteSupport();
        }
    }

    /** Emits the current row of the generator as one record. */
    private static final class RowWriteSupport extends WriteSupport<ClickLogRows> {
        private RecordConsumer out;

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(SCHEMA, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            out = recordConsumer;
        }

        @Override
        public void write(ClickLogRows row) {
            out.startMessage();
            int field = 0;
            intField(ClickLogSpec.LABEL, field++, row.label());
            for (int c = 0; c < ClickLogSpec.CATEGORICAL.size(); c++) {
                intField(ClickLogSpec.CATEGORICAL.get(c), field++, row.id(c));
            }
            for (int j = 0; j < ClickLogSpec.NUMERIC.size(); j++) {
                String name = ClickLogSpec.NUMERIC.get(j);
                out.startField(name, field);
                out.addFloat(row.numeric(j));
                out.endField(name, field++);
            }
            out.endMessage();
        }

        private void intField(String name, int index, int value) {
            out.startField(name, index);
            out.addInteger(value);
            out.endField(name, index);
        }
    }
}
