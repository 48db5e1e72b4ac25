package org.convmatrix.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary files of atomic writes in progress, deleted by a shutdown hook if the JVM exits before
 * the write ends: on {@code System.exit}, on SIGTERM and on SIGINT (Ctrl-C) the JVM runs its shutdown
 * hooks. SIGKILL ({@code kill -9}) and a crash of the JVM run no hook: a write interrupted that way leaves
 * its hidden {@code .name.<n>.tmp} beside the target (never a partial target). Thread-safe.
 */
final class TempFiles {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "convmatrix-temp-files"));
    }

    private TempFiles() {
    }

    static void track(Path tmp) {
        LIVE.add(tmp);
    }

    static void untrack(Path tmp) {
        LIVE.remove(tmp);
    }

    /** @return how many temporary files are in progress (for tests) */
    static int live() {
        return LIVE.size();
    }

    /** Deletes every temporary file still in progress (the shutdown hook). */
    static void deleteAll() {
        for (Path tmp : LIVE) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // the JVM is exiting: nothing else to do
            }
        }
    }
}
