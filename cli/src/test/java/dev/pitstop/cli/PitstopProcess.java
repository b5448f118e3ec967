package dev.pitstop.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar pitstop.jar} as a separate process, as a user would. */
final class PitstopProcess {

    /** What one run printed and returned. */
    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path workDir;
    private final Map<String, String> env;
    private final Map<Process, File[]> outputs = new ConcurrentHashMap<>();

    PitstopProcess(Path workDir, Map<String, String> env) {
        this.workDir = workDir;
        this.env = env;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("pitstop.jar", "target/pitstop.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn package (failsafe runs after it)");
        }
        return jar;
    }

    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PITSTOP_"));
        pb.environment().putAll(env);
        File out = workDir.resolve(".out-" + System.nanoTime()).toFile();
        File err = workDir.resolve(".err-" + System.nanoTime()).toFile();
        pb.redirectOutput(out).redirectError(err);
        Process p = pb.start();
        outputs.put(p, new File[] {out, err});
        return p;
    }

    Result finish(Process p) throws Exception {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("pitstop did not finish within 120 s");
        }
        File[] files = outputs.remove(p);
        Result r = new Result(p.exitValue(), Files.readString(files[0].toPath()), Files.readString(files[1].toPath()));
        Files.delete(files[0].toPath());
        Files.delete(files[1].toPath());
        return r;
    }

    /** What a running process has written to stderr so far. */
    String stderrSoFar(Process p) throws IOException {
        return Files.readString(outputs.get(p)[1].toPath());
    }

    Result run(String... args) throws Exception {
        return finish(start(args));
    }

}
