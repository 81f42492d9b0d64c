package io.dpnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The single dpnet entry point: {@code dpnet <train|evaluate> [options]}. */
@Command(name = "dpnet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Trains dense neural networks with synchronous data-parallel SGD on Apache Spark.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ReportCommand.class, InfoCommand.class,
            ExportCommand.class, GenerateCommand.class, GenerateClickLogCommand.class, PlanCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (for tests and scripts). */
    public static int run(String... args) {
        ConsoleLogging.routeJavaUtilLogging();
        CommandLine cl = new CommandLine(new Main());
        cl.getSubcommands().get("train").getCommandSpec().usageMessage().footer(TrainCommand.keyTable());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // One line on the console; a stack trace, when there is one worth keeping, goes to a file.
            cmd.getErr().println(FailureReport.of(e, cmd.getCommandName()).line());
            return UserErrors.isUserError(e) ? 2 : 1;
        });
        return cl.execute(args);
    }
}
