package dev.pitstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar pitstop.jar demo} as a user runs it: no database settings at all, the embedded
 * PostgreSQL from the jar. Needs no server, so it is not {@code @WithDatabases}.
 */
class DemoIT {
    private static final Pattern PORT = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void demoMigratesUnderLoadWithoutErrorsAndPrintsTheSummary(@TempDir Path dir) throws Exception {
        Set<Path> leftoversBefore = demoDirectories();

        PitstopProcess.Result demo = new PitstopProcess(dir, Map.of()).run("demo", "--rows", "100000", "--window", "1s");

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.out()).as(demo.toString())
                .contains("loaded 100,000 rows")
                .contains("contract V2: COMPLETED")
                .containsPattern("orders: [\\d,]+ rows; id bigint, customer_id integer, amount_cents bigint, status text, "
                        + "created_at timestamptz, customer_note text")
                .containsPattern("rows copied +1\\d\\d,\\d{3} by the online rebuild")
                .containsPattern("transactions +[1-9][\\d,]* by the old version, [1-9][\\d,]* by the new one")
                .containsPattern("(?m)^  errors +0$")
                .containsPattern("latency before +p50 [\\d.]+ ms  p99 [\\d.]+ ms")
                .containsPattern("latency during +p50 [\\d.]+ ms  p99 [\\d.]+ ms")
                .containsPattern("longest stall +[\\d.]+ ms")
                .containsPattern("rows backfilled +\\d[\\d,]* from note into customer_note")
                .contains("migrate: step 1 rebuild-table, backfill", "migrate: step 2 rename-column, backfill");
        assertServerGone(demo.out());
        assertThat(demoDirectories()).isSubsetOf(leftoversBefore);
    }

    @Test
    void anInterruptedDemoStopsItsServerAndDeletesItsDirectory(@TempDir Path dir) throws Exception {
        Set<Path> leftoversBefore = demoDirectories();
        PitstopProcess pitstop = new PitstopProcess(dir, Map.of());
        Process p = pitstop.start("demo", "--rows", "10000", "--window", "30s");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String out = "";
        while (!out.contains("old app version running") && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(200);
            out = outputSoFar(dir);
        }
        assertThat(out).as("the demo did not reach its workload within 60 s").contains("old app version running");

        p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the demo did not end within 30 s of SIGTERM").isTrue();

        assertServerGone(outputSoFar(dir));
        assertThat(demoDirectories()).isSubsetOf(leftoversBefore);
        pitstop.finish(p);
    }

    /** The run's stdout so far: PitstopProcess writes it to {@code .out-*} in the working directory. */
    private static String outputSoFar(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            Path out = files.filter(f -> f.getFileName().toString().startsWith(".out-")).findFirst().orElse(null);
            return out == null ? "" : Files.readString(out);
        }
    }

    private static void assertServerGone(String out) {
        Matcher m = PORT.matcher(out);
        assertThat(m.find()).as("no port in the output:\n" + out).isTrue();
        int port = Integer.parseInt(m.group(1));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            throw new AssertionError("the embedded PostgreSQL still accepts connections on port " + port);
        } catch (IOException expected) {
            // nobody listens any more
        }
    }

    private static Set<Path> demoDirectories() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("pitstop-demo-")).collect(Collectors.toSet());
        }
    }
}
