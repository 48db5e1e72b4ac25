package org.convmatrix.parallel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.stream.IntStream;

/**
 * Runs a task over disjoint contiguous index ranges on a fixed number of threads. Pools are created
 * once per thread count and kept (daemon threads), so repeated calls pay no thread start-up.
 * Thread-safe.
 */
public final class Ranges {
    private static final ConcurrentHashMap<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();

    private Ranges() {
    }

    /** One range {@code [from, to)} of work. */
    @FunctionalInterface
    public interface RangeTask {
        /** Processes indices {@code from <= i < to}; ranges given to concurrent calls never overlap. */
        void run(int from, int to);
    }

    /** One piece of work, identified by its index. */
    @FunctionalInterface
    public interface PieceTask {
        /** Processes piece {@code piece}. */
        void run(int piece);
    }

    /** Runs pieces {@code 0 .. pieces-1} on {@code threads} threads (each piece exactly once). */
    public static void runPieces(int threads, int pieces, PieceTask task) {
        if (threads == 1 || pieces <= 1) {
            for (int i = 0; i < pieces; i++) {
                task.run(i);
            }
            return;
        }
        pool(threads).submit(() -> IntStream.range(0, pieces).parallel().forEach(task::run)).join();
    }

    /** @return the default thread count, the number of available processors */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Splits {@code [0, n)} into contiguous pieces and runs them on {@code threads} threads; with one thread
     * (or little work) runs on the caller's thread.
     *
     * @param threads   {@code >= 1}
     * @param n         the number of indices
     * @param minPiece  the smallest piece worth a task
     * @param task      the work per piece
     */
    public static void run(int threads, int n, int minPiece, RangeTask task) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        int pieces = (int) Math.min((long) threads * 4, Math.max(1, n / Math.max(1, minPiece)));
        if (threads == 1 || pieces <= 1) {
            task.run(0, n);
            return;
        }
        final int count = pieces;
        ForkJoinTask<?> job = pool(threads).submit(() -> IntStream.range(0, count).parallel().forEach(piece -> {
            int from = (int) ((long) n * piece / count);
            int to = (int) ((long) n * (piece + 1) / count);
            task.run(from, to);
        }));
        job.join();
    }

    private static ForkJoinPool pool(int threads) {
        return POOLS.computeIfAbsent(threads, t -> new ForkJoinPool(t, p -> {
            var w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            w.setDaemon(true);
            w.setName("convmatrix-" + w.getPoolIndex());
            return w;
        }, null, false));
    }
}
