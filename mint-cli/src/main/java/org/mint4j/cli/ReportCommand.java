package org.mint4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mint4j.run.Report;
import org.mint4j.util.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mint report RUN_DIR}: one self-contained HTML page of a run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write RUN_DIR/report.html: recipe, provenance, result tables and every plot, in one file.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path run;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Report.check(run); // before the lock, which would write into a directory that is not a run
        try (RunLock lock = RunDirectoryLock.take(spec, run)) {
            spec.commandLine().getOut().println("written " + Report.write(run));
        }
        return 0;
    }
}
