package io.dpnet.spark.input;

import io.dpnet.data.InputFiles;
import io.dpnet.data.InputFormatException;
import io.dpnet.data.LineFormatException;
import io.dpnet.data.LineLocator;
import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Text files (a file, directory or glob; raw or compressed) parsed line by line on the executors,
 * where a bad line fails the job with an {@link InputFormatException} naming the file, the line
 * number and what was wrong.
 *
 * <p>Hadoop's text input gives each line's byte offset within its file; a split that starts at the
 * file's beginning counts lines itself, one that starts mid-file asks {@link LineLocator} — only
 * when there is an error to report.
 */
public final class TextLines {
    /** Parses one line into a value, or returns null to skip it (blank lines, headers, comments). */
    @FunctionalInterface
    public interface Parser<T> extends Serializable {
        /** @param fileStart whether the line is its file's first line */
        T parse(String line, boolean fileStart) throws LineFormatException;
    }

    private TextLines() {
    }

    public static <T> JavaRDD<T> parse(JavaSparkContext sc, String path, Parser<T> parser) {
        @SuppressWarnings("unchecked")
        JavaHadoopRDD<LongWritable, Text> lines = (JavaHadoopRDD<LongWritable, Text>)
                sc.hadoopFile(path, TextInputFormat.class, LongWritable.class, Text.class);
        Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
        return lines.mapPartitionsWithInputSplit((split, it) -> {
            FileSplit file = (FileSplit) split;
            return new Parsing<>(it, parser, file.getPath(), file.getStart() == 0, conf.value().value());
        }, true);
    }

    /** Runs {@code parser} over every line for its errors only (the rescan after a Spark reader failed). */
    public static void validate(JavaSparkContext sc, String path, Parser<?> parser) {
        parse(sc, path, parser).foreachPartition(it -> {
            while (it.hasNext()) {
                it.next();
            }
        });
    }

    /** Lazily parses a partition's lines, skipping nulls; locates the first error. */
    private static final class Parsing<T> implements Iterator<T> {
        private final Iterator<scala.Tuple2<LongWritable, Text>> lines;
        private final Parser<T> parser;
        private final Path path;
        private final boolean countsLines;
        private final Configuration conf;
        private long lineNumber;
        private T next;

        Parsing(Iterator<scala.Tuple2<LongWritable, Text>> lines, Parser<T> parser, Path path, boolean fromStart,
                Configuration conf) {
            this.lines = lines;
            this.parser = parser;
            this.path = path;
            this.countsLines = fromStart;
            this.conf = conf;
        }

        @Override
        public boolean hasNext() {
            while (next == null && lines.hasNext()) {
                scala.Tuple2<LongWritable, Text> record = lines.next();
                lineNumber++;
                long offset = record._1().get();
                String line = record._2().toString();
                try {
                    next = parser.parse(line, offset == 0);
                } catch (LineFormatException e) {
                    throw sneaky(new InputFormatException(InputFiles.display(path) + ": " + line(offset) + ": "
                            + e.getMessage()));
                }
            }
            return next != null;
        }

        private String line(long offset) {
            if (countsLines) {
                return "line " + lineNumber;
            }
            if (new CompressionCodecFactory(conf).getCodec(path) != null) {
                // A split of a splittable compressed file (bzip2): offsets count compressed bytes.
                return "compressed byte offset " + offset;
            }
            try {
                return "line " + LineLocator.lineAt(conf, path.toString(), offset);
            } catch (IOException e) {
                return "byte offset " + offset;
            }
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T out = next;
            next = null;
            return out;
        }
    }

    /** Throws a checked exception from an Iterator: Spark reports the task's own exception as the cause. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
