package io.dpnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The single dpnet entry point: {@code dpnet <train|evaluate> [options]}. */
@Command(name = "dpnet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Trains dense neural networks with synchronous data-parallel SGD on Apache Spark.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ReportCommand.class, InfoCommand.class,
            ExportCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (for tests and scripts). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.getSubcommands().get("train").getCommandSpec().usageMessage().footer(TrainCommand.keyTable());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // Users get the message, not a stack trace, for errors they can fix themselves.
            if (UserErrors.isUserError(e)) {
                cmd.getErr().println("dpnet: error: " + UserErrors.message(e));
                return 2;
            }
            throw e;
        });
        return cl.execute(args);
    }
}
