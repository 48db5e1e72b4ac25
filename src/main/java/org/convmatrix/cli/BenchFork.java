package org.convmatrix.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code bench} in a fresh JVM with the options its measurements need, the way JMH forks its
 * benchmarks: {@code -XX:+UseTransparentHugePages} and a heap whose initial size holds what the runs
 * allocate.
 *
 * <p>Why: {@code W} of the L layer is 1.8 GB of fresh arrays. The kernel's transparent huge pages are in
 * {@code madvise} mode on the target machines, so without the flag every 4 KiB page of them faults in on
 * its own (the first build of L took 1.5–4 s so, against 0.3–0.45 s with huge pages); and a heap that
 * starts small grows through collections while the arrays are allocated. The child's standard output and
 * error are copied to this process's, and its exit code becomes this command's.
 */
final class BenchFork {
    private static final long MIB = 1L << 20;

    private BenchFork() {
    }

    /** @return whether this JVM runs with {@code -XX:+UseTransparentHugePages} */
    static boolean hugePagesOn() {
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hs != null && "true".equals(hs.getVMOption("UseTransparentHugePages").getValue());
        } catch (RuntimeException e) { // not HotSpot, or no such option: no way to ask, do not fork
            return true;
        }
    }

    /**
     * The JVM options of the fork: huge pages, {@code -Xms} = the bytes the runs allocate (two copies of
     * {@code W}'s arrays where they fit, as {@code bench} builds twice to measure allocation, plus 512 MiB)
     * and {@code -Xmx} = 80 % of physical memory (never below {@code -Xms}).
     *
     * @param arrayBytes bytes of one copy of {@code W}'s arrays
     */
    static List<String> jvmOptions(long arrayBytes, long physicalBytes) {
        long max = Math.max(physicalBytes / 5 * 4, 1024 * MIB);
        long initial = Math.min(2 * arrayBytes + 512 * MIB, max);
        List<String> opts = new ArrayList<>();
        opts.add("-XX:+UseTransparentHugePages");
        opts.add("-Xms" + Math.max(64, initial / MIB) + "m");
        opts.add("-Xmx" + Math.max(64, max / MIB) + "m");
        return opts;
    }

    /** @return the physical memory of this machine in bytes, or 8 GiB where the JVM cannot tell */
    static long physicalMemory() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            long total = ((com.sun.management.OperatingSystemMXBean) os).getTotalMemorySize();
            if (total > 0) {
                return total;
            }
        }
        return 8L << 30;
    }

    /**
     * Runs {@code Main bench args... --no-fork} in a new JVM with {@code options}, copying its output.
     *
     * @return the child's exit code
     * @throws IOException if the JVM cannot be started
     */
    static int run(List<String> options, List<String> benchArgs, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(options);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("bench");
        cmd.addAll(benchArgs);
        cmd.add("--no-fork");
        err.println("bench: measuring in a forked JVM with " + String.join(" ", options)
                + " (--no-fork measures in this one)");
        err.flush();
        Process child = new ProcessBuilder(cmd).start();
        child.getOutputStream().close();
        Thread errPump = new Thread(() -> copy(child.getErrorStream(), err), "bench-fork-stderr");
        errPump.setDaemon(true);
        errPump.start();
        copy(child.getInputStream(), out);
        int code = child.waitFor();
        errPump.join();
        return code;
    }

    private static void copy(InputStream in, PrintWriter to) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                synchronized (to) {
                    to.println(line);
                    to.flush();
                }
            }
        } catch (IOException e) {
            synchronized (to) {
                to.println("bench: lost the forked JVM's output: " + e.getMessage());
                to.flush();
            }
        }
    }
}
