package io.dpnet.testing;

import io.dpnet.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the dpnet CLI ({@link Main#run}) with what it wrote to stdout and stderr.
 * Tests assert on the streams rather than on log files because the streams are what a user sees:
 * picocli writes usage errors to its own writer and Main routes user errors to stderr.
 */
public record CliRun(int code, String out, String err) {

    /** Runs the CLI with {@code args}, capturing System.out and System.err (restored afterwards). */
    public static CliRun run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A regex for the error line of a failure whose stack trace went to a file:
     * {@code dpnet: error: MESSAGE (full trace in DIR/dpnet-COMMAND-yyyyMMdd-HHmmss-PID[-N].log)}.
     */
    public static String errorWithTrace(String command, String message) {
        return java.util.regex.Pattern.quote("dpnet: error: " + message) + " \\(full trace in \\S+/dpnet-" + command
                + "-\\d{8}-\\d{6}-\\d+(-\\d+)?\\.log\\)";
    }

    /**
     * Prints the captured output to the real stdout and stderr, so that a long run's progress still
     * shows up in the test log after capture; returns this run.
     */
    public CliRun echoed() {
        System.out.print(out);
        System.err.print(err);
        return this;
    }
}
