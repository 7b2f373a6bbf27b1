package org.mint4j.cli;

import java.io.UncheckedIOException;
import org.mint4j.data.DataFileException;
import org.mint4j.recipe.RecipeException;
import org.mint4j.run.RunFileException;
import org.mint4j.train.CheckpointException;
import org.mint4j.train.TrainingDivergedException;
import org.mint4j.util.RunLock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mint} command. */
@Command(name = "mint", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "MINT: mutual-information-based neuron trimming for the JVM.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, InfoCommand.class, RunCommand.class,
            PruneCommand.class, RetrainCommand.class, ExportCommand.class, BenchCommand.class, CharacterizeCommand.class, ReportCommand.class,
            GmiCommand.class, StudyCommand.class,
            BenchmarkCommand.class, CommandLine.HelpCommand.class})
public final class Mint {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with mint's error handling: known failures print one line, no stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Mint());
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("error: " + e.getMessage() + " (see " + command.getCommandSpec().qualifiedName()
                    + " --help)");
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof RecipeException || e instanceof DataFileException || e instanceof CheckpointException
                    || e instanceof TrainingDivergedException || e instanceof IllegalArgumentException
                    || e instanceof UncheckedIOException || e instanceof RunLock.HeldException
                    || e instanceof RunFileException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl;
    }
}
