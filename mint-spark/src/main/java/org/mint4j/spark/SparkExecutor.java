package org.mint4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.SimpleFutureAction;
import org.mint4j.exec.Executor;
import org.mint4j.exec.Task;
import org.mint4j.train.Kernels;
import scala.Function0;
import scala.Function2;
import scala.collection.Iterator;
import scala.collection.immutable.Range;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Runs units as Apache Spark tasks, one unit per partition. The task goes to the executors once
 * per job as a broadcast; each finished unit's result comes back to the driver as its Spark task
 * finishes and is told to the caller on the caller's thread, once per unit even when Spark runs a
 * unit again (a lost executor, speculation). A unit gets {@code spark.task.cpus} threads.
 */
public final class SparkExecutor implements Executor {

    private final JavaSparkContext spark;

    /** Starts a Spark context; settings not in {@code conf} come from {@code spark.*} system properties. */
    public SparkExecutor(SparkConf conf) {
        SparkConf settings = conf.clone();
        settings.setIfMissing("spark.app.name", "mint4j");
        // Spark's INFO lines would bury mint's progress; spark.log.level (or a log4j2 file) asks for more.
        settings.setIfMissing("spark.log.level", "WARN");
        if (Kernels.reproducible()) {
            // Executors start their own engines: with the driver's kernels, or their digits would differ.
            Kernels.environment().forEach(settings::setExecutorEnv);
        }
        this.spark = new JavaSparkContext(settings);
    }

    /** Spark in this JVM with {@code cores} task slots ({@code local[cores]}). */
    public static SparkExecutor local(int cores) {
        return new SparkExecutor(new SparkConf().setMaster("local[" + cores + "]").set("spark.ui.enabled", "false"));
    }

    @Override
    public <U extends Serializable, R extends Serializable> void run(String job, Task<U, R> task, List<U> units,
            Results<U, R> results) {
        if (units.isEmpty()) {
            return;
        }
        List<Numbered<U>> numbered = IntStream.range(0, units.size())
                .mapToObj(i -> new Numbered<>(i, units.get(i))).toList();
        RDD<Numbered<U>> partitions = spark.parallelize(numbered, units.size()).rdd();
        Broadcast<Task<U, R>> shared = spark.broadcast(task);
        // Spark calls the handler on its scheduler thread; the caller is told on its own.
        BlockingQueue<Numbered<R>> finished = new LinkedBlockingQueue<>();
        Function2<Object, ArrayList<Numbered<R>>, BoxedUnit> handler = (partition, done) -> {
            finished.addAll(done);
            return BoxedUnit.UNIT;
        };
        Function0<BoxedUnit> noResult = () -> BoxedUnit.UNIT;
        spark.setJobDescription(job);
        SimpleFutureAction<BoxedUnit> action = spark.sc().submitJob(partitions, new RunUnits<>(shared),
                new Range.Exclusive(0, units.size(), 1), handler, noResult);
        try {
            boolean[] told = new boolean[units.size()];
            int remaining = units.size();
            while (remaining > 0) {
                Numbered<R> done = finished.poll(100, TimeUnit.MILLISECONDS);
                if (done == null) {
                    if (action.isCompleted() && finished.isEmpty()) {
                        awaitFailure(job, action, remaining);
                    }
                } else if (!told[done.index()]) {
                    told[done.index()] = true;
                    remaining--;
                    results.completed(done.index(), units.get(done.index()), done.value());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Spark job '" + job + "'", e);
        } finally {
            if (!action.isCompleted()) {
                action.cancel();
            }
            shared.destroy();
        }
    }

    /** The job ended before every unit came back: throws its failure. */
    private static void awaitFailure(String job, SimpleFutureAction<BoxedUnit> action, int remaining) {
        try {
            action.get();
        } catch (SparkException e) {
            // awaitResult wraps the job's failure, which names the unit's exception.
            Throwable failure = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Spark job '" + job + "' failed: " + failure.getMessage(), failure);
        }
        throw new IllegalStateException("Spark job '" + job + "' ended with " + remaining + " units not reported");
    }

    /** Units at once: the executors' cores over the cores a task takes. */
    @Override
    public int parallelism() {
        return Math.max(1, spark.sc().defaultParallelism() / taskCpus());
    }

    @Override
    public String describe() {
        return "Spark " + spark.version() + " at " + spark.master() + ", " + parallelism() + " units at once, "
                + taskCpus() + " thread" + (taskCpus() == 1 ? "" : "s") + " per unit";
    }

    /** The Spark context, for settings and status. */
    public SparkContext context() {
        return spark.sc();
    }

    @Override
    public void close() {
        spark.stop();
    }

    private int taskCpus() {
        return spark.getConf().getInt("spark.task.cpus", 1);
    }

    /** A unit or a result with the unit's position in the job. */
    record Numbered<T extends Serializable>(int index, T value) implements Serializable {
    }

    /** What a Spark task runs: the units of its partition, with the broadcast task. */
    private static final class RunUnits<U extends Serializable, R extends Serializable>
            extends AbstractFunction1<Iterator<Numbered<U>>, ArrayList<Numbered<R>>> implements Serializable {

        private static final long serialVersionUID = 1L;
        private final Broadcast<Task<U, R>> task;

        RunUnits(Broadcast<Task<U, R>> task) {
            this.task = task;
        }

        @Override
        public ArrayList<Numbered<R>> apply(Iterator<Numbered<U>> units) {
            int threads = TaskContext.get().cpus();
            ArrayList<Numbered<R>> done = new ArrayList<>();
            while (units.hasNext()) {
                Numbered<U> unit = units.next();
                done.add(new Numbered<>(unit.index(), task.value().run(unit.value(), threads)));
            }
            return done;
        }
    }
}
