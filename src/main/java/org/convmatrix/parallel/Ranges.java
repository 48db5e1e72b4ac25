package org.convmatrix.parallel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a task over disjoint contiguous index ranges on a fixed number of threads: the calling thread
 * and {@code threads - 1} pooled helpers take pieces from a shared counter until none is left. Pools are
 * created once per thread count and kept (daemon threads), so repeated calls pay no thread start-up, and
 * the caller always works too, so a call never waits for a pool thread to be scheduled before starting.
 * Exceptions thrown by a piece are rethrown to the caller. Thread-safe, but a piece must not itself call
 * {@code Ranges} with the same thread count: it would wait for pool threads that are waiting for it.
 */
public final class Ranges {
    private static final ConcurrentHashMap<Integer, ExecutorService> POOLS = new ConcurrentHashMap<>();

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

    /** @return the default thread count, the number of available processors */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Splits {@code [0, n)} into contiguous pieces (at most {@code 4·threads}, each at least {@code minPiece}
     * long where possible) and runs them on {@code threads} threads.
     *
     * @param threads  {@code >= 1}
     * @param n        the number of indices
     * @param minPiece the smallest piece worth a task
     * @param task     the work per piece
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
        runPieces(threads, pieces, piece -> task.run((int) ((long) n * piece / pieces),
                (int) ((long) n * (piece + 1) / pieces)));
    }

    /** Runs pieces {@code 0 .. pieces-1} on {@code threads} threads, each piece exactly once. */
    public static void runPieces(int threads, int pieces, PieceTask task) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        int helpers = Math.min(threads, pieces) - 1;
        if (helpers <= 0) {
            for (int i = 0; i < pieces; i++) {
                task.run(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int k = next.getAndIncrement(); k < pieces; k = next.getAndIncrement()) {
                task.run(k);
            }
        };
        ExecutorService pool = pool(threads - 1);
        Future<?>[] running = new Future<?>[helpers];
        for (int i = 0; i < helpers; i++) {
            running[i] = pool.submit(worker);
        }
        Throwable failure = null;
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            failure = e;
            next.set(pieces);
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? e : failure;
            }
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static ExecutorService pool(int size) {
        return POOLS.computeIfAbsent(size, s -> {
            AtomicInteger count = new AtomicInteger();
            return Executors.newFixedThreadPool(s, r -> {
                Thread t = new Thread(r, "convmatrix-worker-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        });
    }
}
