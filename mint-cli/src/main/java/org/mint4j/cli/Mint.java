package org.mint4j.cli;

import org.mint4j.run.RunDirectoryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.mint4j.data.DataFileException;
import org.mint4j.recipe.RecipeException;
import org.mint4j.util.RunFileException;
import org.mint4j.nn.WeightFileException;
import org.mint4j.train.EngineSetup;
import org.mint4j.train.KernelsException;
import org.mint4j.train.TrainingDivergedException;
import org.mint4j.util.IoErrors;
import org.mint4j.util.RunLock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/** The {@code mint} command. */
@Command(name = "mint", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "MINT: mutual-information-based neuron trimming for the JVM.")
public final class Mint {

    /** mint's commands, in the order help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(DemoCommand.class, TrainCommand.class, EvalCommand.class,
            InfoCommand.class, RunCommand.class, PruneCommand.class, RetrainCommand.class, ExportCommand.class,
            BenchCommand.class, CharacterizeCommand.class, ReportCommand.class, GmiCommand.class, StudyCommand.class,
            BenchmarkCommand.class, CommandLine.HelpCommand.class);

    /** Read from the parse result by the error handler; a field only so that picocli has the option. */
    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "On an error, print its stack trace too.")
    boolean debug;

    /** Read from the parse result before a command runs; a field only so that picocli has the option. */
    @Option(names = "--fast-kernels", scope = ScopeType.INHERIT,
            description = "Let the engine use the CPU's fastest kernels: quicker on some CPUs, but the digits then "
                    + "depend on the CPU (default: kernels that give the same digits on every x86-64 CPU with AVX2).")
    boolean fastKernels;

    public static void main(String[] args) {
        Interruption.install();
        CommandLine cl = commandLine(args);
        int exit = cl.execute(args);
        // Tables end with print, not println: what the writers hold must reach the terminal.
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(exit);
    }

    /**
     * The command line for {@code args}, with mint's error handling: a failure prints one plain
     * line (exit 2 for a problem the user can fix, 1 for an internal error), and its stack trace only
     * with --debug. It holds only the command that args name, if they name one (help and anything
     * else get all): picocli reads a command's annotations when it is added, a third of a second for
     * all of mint's, which a short command such as {@code mint gmi} would otherwise pay each time.
     */
    public static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Mint());
        Class<?> named = namedCommand(args);
        for (Class<?> command : named != null ? List.of(named) : COMMANDS) {
            cl.addSubcommand(command);
        }
        cl.setExecutionStrategy(parsed -> {
            EngineSetup.requireReproducibleKernels(!matched(parsed, "--fast-kernels"));
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setParameterExceptionHandler((e, unmatched) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("error: " + e.getMessage() + " (see " + command.getCommandSpec().qualifiedName()
                    + " --help)");
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean expected = e instanceof RecipeException || e instanceof DataFileException
                    || e instanceof WeightFileException || e instanceof TrainingDivergedException
                    || e instanceof IllegalArgumentException || e instanceof UncheckedIOException
                    || e instanceof RunLock.HeldException || e instanceof RunFileException
                    || e instanceof RunDirectoryException || e instanceof KernelsException
                    || e instanceof org.mint4j.onnx.OnnxException;
            commandLine.getErr().println("error: " + plain(e) + (expected ? ""
                    : " (an internal error of mint4j; --debug shows where)"));
            if (matched(parseResult, "--debug")) {
                e.printStackTrace(commandLine.getErr());
            }
            return expected ? 2 : 1;
        });
        return cl;
    }

    /**
     * The command whose name is the first argument that is not an option; null for help (also
     * {@code mint --help gmi}, which shows mint's usage), the version, or none.
     */
    private static Class<?> namedCommand(String[] args) {
        for (String arg : args) {
            if (List.of("-h", "--help", "-V", "--version").contains(arg)) {
                return null;
            }
            if (!arg.startsWith("-")) {
                for (Class<?> command : COMMANDS) {
                    Command annotation = command.getAnnotation(Command.class);
                    if (annotation.name().equals(arg) && command != CommandLine.HelpCommand.class) {
                        return command;
                    }
                }
                return null;
            }
        }
        return null;
    }

    private static boolean matched(ParseResult parsed, String option) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The message of {@code e} for a user: without Java class names or a JSON parser's reference
     * chain, and never empty.
     */
    static String plain(Throwable e) {
        if (e.getCause() instanceof IOException io && (e.getMessage() == null
                || e.getMessage().equals(io.toString()))) {
            return IoErrors.describe(io, null);
        }
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            return e.getCause() != null ? plain(e.getCause()) : "no details";
        }
        return e.getMessage().replaceAll("\\s*\\(through reference chain: [^)]*\\)", "")
                .replaceAll("\\b(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*", "");
    }
}
