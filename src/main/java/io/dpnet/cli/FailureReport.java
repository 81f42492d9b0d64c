package io.dpnet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * How a failed command ends on the console: one {@code dpnet: error: ...} line. When there is more
 * to the failure than that line — it came out of a Spark job (the executor's exception wrapped in
 * Spark's), it has causes, or it is not an error the user can fix — the full stack trace goes to a
 * log file the line names, instead of 50 lines of Spark and netty frames burying the reason.
 *
 * <p>A user error raised directly with nothing behind it (a bad key, an existing output directory)
 * gets no file: its message is the whole story.
 */
final class FailureReport {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private FailureReport() {
    }

    /** What a failure of {@code command} prints: the console line, and the trace file (null if none). */
    record Report(String line, Path traceFile) {
    }

    /** Writes the trace file (in {@code java.io.tmpdir}) when the failure deserves one; returns the line. */
    static Report of(Throwable e, String command) {
        return of(e, command, Paths.get(System.getProperty("java.io.tmpdir")));
    }

    static Report of(Throwable e, String command, Path traceDir) {
        boolean userError = UserErrors.isUserError(e);
        String message = userError ? UserErrors.message(e) : "unexpected " + e;
        if (userError && !hasMoreThanItsMessage(e)) {
            return new Report("dpnet: error: " + message, null);
        }
        try {
            Path file = write(e, command, traceDir);
            return new Report("dpnet: error: " + message + " (full trace in " + file + ")", file);
        } catch (IOException | RuntimeException writeFailure) {
            // Losing the trace would be worse than a long console: print it there instead.
            return new Report("dpnet: error: " + message + " (could not write a trace file: " + writeFailure
                    + ")\n" + trace(e), null);
        }
    }

    /** A wrapped exception (Spark's around the executor's) or one with causes has frames worth keeping. */
    private static boolean hasMoreThanItsMessage(Throwable e) {
        return e.getCause() != null && e.getCause() != e;
    }

    /** Writes {@code dpnet-COMMAND-yyyyMMdd-HHmmss-PID.log} (-2, -3... if taken) in {@code dir}. */
    static Path write(Throwable e, String command, Path dir) throws IOException {
        Files.createDirectories(dir);
        LocalDateTime now = LocalDateTime.now();
        long pid = ProcessHandle.current().pid();
        String stem = "dpnet-" + command + "-" + now.format(STAMP) + "-" + pid;
        for (int n = 1; ; n++) {
            Path file = dir.resolve(stem + (n == 1 ? "" : "-" + n) + ".log");
            try {
                Files.writeString(file, "dpnet " + command + " failed at " + now + " (pid " + pid + ")\n" + trace(e),
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return file;
            } catch (FileAlreadyExistsException taken) {
                // a second failure in the same second (tests run many commands in one JVM)
            }
        }
    }

    private static String trace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w, true));
        return w.toString();
    }
}
