package io.dpnet.ml;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Spark Connect server (Spark's own {@code SparkConnectServer}, local[2], loopback only) in a
 * child JVM: the test classpath minus the Connect JVM client jar, plus the server jars the build
 * copies to {@code target/connect-server}. Client and server both bundle
 * {@code org.apache.spark.connect.proto} against differently shaded protobuf copies, so they
 * cannot share one class loader; the test JVM keeps the client (see the pom).
 */
final class ConnectServer implements AutoCloseable {
    private final Process process;
    final int port;
    final Path log;

    private ConnectServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ConnectServer start(Path log, long timeoutMillis) throws IOException, InterruptedException {
        int port = freeLoopbackPort();
        File[] serverJars = Path.of("target", "connect-server").toFile().listFiles((d, n) -> n.endsWith(".jar"));
        if (serverJars == null || serverJars.length == 0) {
            throw new IllegalStateException("no Spark Connect server jars in target/connect-server (the build's "
                    + "generate-test-resources phase copies them)");
        }
        String classpath = Stream.concat(
                        Arrays.stream(testClasspath().split(File.pathSeparator))
                                .filter(e -> !new File(e).getName().startsWith("spark-connect-client-jvm")),
                        Arrays.stream(serverJars).map(File::getAbsolutePath))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g"));
        // The same JDK opens the test JVM runs with (the pom's spark.java.opens).
        cmd.addAll(System.getProperty("sun.java.command") == null ? List.of()
                : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")
                                || a.startsWith("-Dio.netty"))
                        .toList());
        cmd.addAll(List.of("-cp", classpath,
                "-Dspark.master=local[2]",
                "-Dspark.app.name=dpnet-connect-test",
                "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.sql.shuffle.partitions=2",
                "-Dspark.connect.grpc.binding.address=127.0.0.1",
                "-Dspark.connect.grpc.binding.port=" + port,
                "org.apache.spark.sql.connect.service.SparkConnectServer"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ConnectServer server = new ConnectServer(p, port, log);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!accepts(port)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the Connect server exited with " + p.exitValue() + "; see " + log);
            }
            if (System.currentTimeMillis() > deadline) {
                server.close();
                throw new IllegalStateException("the Connect server did not listen on 127.0.0.1:" + port + " within "
                        + timeoutMillis / 1000 + " s; see " + log);
            }
            Thread.sleep(500);
        }
        return server;
    }

    String url() {
        return "sc://127.0.0.1:" + port;
    }

    /** Surefire runs tests from a manifest-only jar and puts the real classpath here. */
    private static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
