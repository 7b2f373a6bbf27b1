package org.mint4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mint4j.run.Report;
import org.mint4j.run.TradeoffAxis;
import org.mint4j.util.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mint report RUN_DIR}: one self-contained HTML page of a run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write RUN_DIR/report.html: recipe, provenance, result tables and every plot, in one file.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path run;

    @Option(names = "--x-axis", paramLabel = "zeroed|macs|latency-1|latency-64",
            description = "What tradeoff.png puts on its x axis: the weights zeroed in the pruned layers (the default "
                    + "for connection plans), the MACs kept (the default for channel plans), or the compacted "
                    + "export's latency in ONNX Runtime at batch 1 or 64, each of the unpruned network's.")
    String xAxis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TradeoffAxis axis = xAxis == null ? null : TradeoffAxis.of(xAxis);
        Report.check(run); // before the lock, which would write into a directory that is not a run
        try (RunLock lock = RunDirectoryLock.take(spec, run)) {
            spec.commandLine().getOut().println("written " + Report.write(run, axis));
        }
        return 0;
    }
}
