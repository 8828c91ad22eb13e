package org.sgdvi.core.trajectory;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Crash tests' child JVM: runs a main class on the test class path, reads the integers it prints
 * one per line (what it has made durable), and kills it with SIGKILL once it reported {@code target}.
 */
final class KilledChild {

    private KilledChild() {
    }

    /**
     * @param jvmOptions options before {@code -cp}
     * @param main the child's main class
     * @param args its arguments
     * @param target the reported value after which the child is killed
     * @param log where the child's stderr goes (shown when it stops too early)
     * @param what what the child reports, for the failure message ("epoch", "snapshot")
     * @return the last value the child reported, at least {@code target}
     */
    static int runUntil(List<String> jvmOptions, Class<?> main, List<String> args, int target, Path log, String what)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectError(log.toFile()).start();
        int last = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.US_ASCII))) {
            String line;
            while (last < target && (line = lines.readLine()) != null) {
                if (line.trim().matches("\\d+")) {
                    last = Integer.parseInt(line.trim());
                }
            }
            child.destroyForcibly();
            child.waitFor();
        } finally {
            child.destroyForcibly();
        }
        if (last < target) {
            fail("child " + log.getFileName() + " stopped at " + what + " " + last + " before " + target + ": "
                    + Files.readString(log));
        }
        return last;
    }
}
