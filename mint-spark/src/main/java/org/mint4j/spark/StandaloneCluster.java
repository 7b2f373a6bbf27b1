package org.mint4j.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Spark standalone cluster on 127.0.0.1: a Master and Workers, each a JVM started from this
 * JVM's class path (no Spark distribution needed), for tests and benchmarks. Workers start
 * executors with the application's class path ({@link #conf}). Closing it, or this JVM exiting,
 * kills every process it started.
 */
public final class StandaloneCluster implements AutoCloseable {

    private static final String LOCALHOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String QUIET_LOGGING = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn";

    private final Path home;
    private final String classPath;
    private final int workers;
    private final int coresPerWorker;
    private final String workerMemory;
    private final String masterUrl;
    private final List<Process> processes = new ArrayList<>();
    private final Thread cleanupAtExit = new Thread(this::killAll, "standalone-cluster-cleanup");

    private StandaloneCluster(int workers, int coresPerWorker, String workerMemory) throws IOException {
        this.home = Files.createTempDirectory("mint-spark-cluster");
        this.classPath = absoluteClassPath();
        this.workers = workers;
        this.coresPerWorker = coresPerWorker;
        this.workerMemory = workerMemory;
        this.masterUrl = "spark://" + LOCALHOST + ":" + freePort();
        // Workers find Spark's jars in SPARK_HOME/jars; here an empty one: executors get this JVM's class path.
        Files.createDirectories(home.resolve("jars"));
        Files.createFile(home.resolve("RELEASE"));
        Runtime.getRuntime().addShutdownHook(cleanupAtExit);
    }

    /**
     * Starts a Master and {@code workers} Workers of {@code coresPerWorker} cores and
     * {@code workerMemory} (e.g. "1g") each; returns when every Worker has registered.
     */
    public static StandaloneCluster start(int workers, int coresPerWorker, String workerMemory) throws IOException {
        StandaloneCluster cluster = new StandaloneCluster(workers, coresPerWorker, workerMemory);
        try {
            cluster.startAll();
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll() throws IOException {
        int masterPort = Integer.parseInt(masterUrl.substring(masterUrl.lastIndexOf(':') + 1));
        int masterUiPort = freePort();
        launch("master", "org.apache.spark.deploy.master.Master", "--host", LOCALHOST,
                "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort));
        awaitOrFail("the Master to listen on " + masterUrl, () -> accepts(masterPort));
        for (int w = 0; w < workers; w++) {
            Path workDir = Files.createDirectories(home.resolve("work-" + w));
            launch("worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", LOCALHOST,
                    "--cores", String.valueOf(coresPerWorker), "--memory", workerMemory,
                    "--work-dir", workDir.toString(), "--webui-port", String.valueOf(freePort()), masterUrl);
        }
        awaitOrFail(workers + " Workers to register", () -> aliveWorkers(masterUiPort) == workers);
    }

    public String masterUrl() {
        return masterUrl;
    }

    /**
     * Settings for an application on this cluster: executors take this JVM's class path and wait
     * for every core of the cluster before the first job, so that work spreads over all Workers.
     */
    public SparkConf conf() {
        return new SparkConf()
                .setMaster(masterUrl)
                .set("spark.driver.host", LOCALHOST)
                .set("spark.driver.bindAddress", LOCALHOST)
                .set("spark.ui.enabled", "false")
                .set("spark.executor.extraClassPath", classPath)
                .set("spark.executor.extraJavaOptions", QUIET_LOGGING)
                .set("spark.executor.memory", workerMemory)
                .set("spark.cores.max", String.valueOf(workers * coresPerWorker))
                .set("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                .set("spark.scheduler.maxRegisteredResourcesWaitingTime", START_TIMEOUT.toSeconds() + "s");
    }

    /** SIGKILLs Worker {@code index} and its executors, as a machine that dies would. */
    public void killWorker(int index) {
        Process worker = processes.get(1 + index);
        kill(worker.toHandle());
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        } catch (IllegalStateException alreadyExiting) {
            // The hook is running or has run: nothing left to remove.
        }
        deleteHome();
    }

    private synchronized void killAll() {
        for (int p = processes.size() - 1; p >= 0; p--) {
            kill(processes.get(p).toHandle());
        }
    }

    private static void kill(ProcessHandle process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process);
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception stillExiting) {
                // SIGKILL was sent; the kernel reaps it.
            }
        }
    }

    private void launch(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        command.addAll(List.of("-Xmx512m", QUIET_LOGGING, "-cp", classPath, mainClass));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", LOCALHOST);
        synchronized (this) {
            processes.add(builder.start());
        }
    }

    private void awaitOrFail(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster JVM exited (code " + p.exitValue() + ") while waiting for "
                            + what + "; logs:\n" + logs());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + START_TIMEOUT + " waiting for " + what
                        + "; logs:\n" + logs());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOCALHOST, port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

    /** The Master's count of registered Workers, from its web UI's JSON; -1 while it does not answer. */
    private static int aliveWorkers(int masterUiPort) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + LOCALHOST + ":" + masterUiPort + "/json/"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = ALIVE_WORKERS.matcher(body);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException notYet) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String logs() {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log") || f.endsWith("stderr")).toList()) {
                List<String> lines = Files.readAllLines(log);
                out.append("== ").append(home.relativize(log)).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())))
                        .append('\n');
            }
        } catch (IOException e) {
            out.append("(logs unreadable: ").append(e.getMessage()).append(")");
        }
        return out.toString();
    }

    private void deleteHome() {
        try (Stream<Path> files = Files.walk(home)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the cluster's directory " + home, e);
        }
    }

    /** This JVM's class path with absolute entries: executors run in their own work directories. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
