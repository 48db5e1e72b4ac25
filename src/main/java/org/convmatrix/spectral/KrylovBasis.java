package org.convmatrix.spectral;

import java.util.Arrays;

/**
 * The basis {@code q_0, q_1, …} of a Krylov method, each vector of length {@code n} copied into blocks of
 * {@code ⌈2²¹/n⌉} vectors (one {@code double[]} of about 16 MB each, fewer vectors when the run cannot need them).
 *
 * <p>Why blocks: a Lanczos run on a large layer keeps every basis vector to the end, hundreds of MB. Stored one
 * array per step, each vector is born in the JVM's young generation and copied by every young collection until it
 * is promoted (a 200704-long vector is 1.6 MB, below G1's "humongous" size of half a region); in the ResNet-layer
 * benchmark those copies were the largest cost of a step after the two products. A block of 16 MB is at least half
 * a G1 region for every region size (1-32 MB), so it is allocated once where it stays. The arithmetic is that of
 * {@link VectorOps} on the stored vectors, so results do not depend on how the vectors are stored.
 *
 * <p>Not thread-safe (one Lanczos run owns it); the kernels use {@code threads} threads.
 */
final class KrylovBasis {
    /** Doubles per block: 2²¹ (16 MB). */
    static final int BLOCK_DOUBLES = 1 << 21;

    private final int n;
    private final int perBlock;
    private final int capacity;
    private double[][] array = new double[0][];
    private int[] offset = new int[0];
    private double[] block;
    private int size;

    /**
     * @param n        the length of every vector
     * @param capacity the most vectors this basis will hold
     */
    KrylovBasis(int n, int capacity) {
        if (n < 1 || capacity < 1) {
            throw new IllegalArgumentException("n and capacity must be >= 1 but were " + n + ", " + capacity);
        }
        this.n = n;
        this.capacity = capacity;
        this.perBlock = (int) Math.min(capacity, Math.max(1, (BLOCK_DOUBLES + n - 1) / n));
    }

    /** @return how many vectors are stored */
    int size() {
        return size;
    }

    /** @return how many vectors one block holds */
    int perBlock() {
        return perBlock;
    }

    /** Appends a copy of {@code v} (length {@code n}). */
    void add(double[] v) {
        int off = reserve(v);
        System.arraycopy(v, 0, block, off, n);
    }

    /**
     * {@code v *= scale} and appends a copy of the scaled {@code v}, in one pass over {@code v} on {@code threads}
     * threads (the roundings of {@link VectorOps#scale})
     */
    void addScaled(double scale, double[] v, int threads) {
        int off = reserve(v);
        VectorOps.scaleInto(scale, v, block, off, threads);
    }

    /** @return the offset in {@link #block} of the next vector, now counted in {@link #size} */
    private int reserve(double[] v) {
        if (v.length != n) {
            throw new IllegalArgumentException("vector length must be " + n + " but was " + v.length);
        }
        if (size == capacity) {
            throw new IllegalStateException("the basis holds its capacity of " + capacity + " vectors");
        }
        int slot = size % perBlock;
        if (slot == 0) {
            block = new double[Math.multiplyExact(Math.min(perBlock, capacity - size), n)];
        }
        if (size == array.length) {
            int grown = Math.max(4, Math.min(capacity, 2 * size));
            array = Arrays.copyOf(array, grown);
            offset = Arrays.copyOf(offset, grown);
        }
        array[size] = block;
        offset[size] = slot * n;
        size++;
        return slot * n;
    }

    /** @return a copy of {@code q_j} */
    double[] vector(int j) {
        checkCount(j + 1);
        return Arrays.copyOfRange(array[j], offset[j], offset[j] + n);
    }

    /** @return {@code h_j = q_j·w} for {@code j < count} ({@link VectorOps#dots(double[][], int, double[], int)}) */
    double[] dots(int count, double[] w, int threads) {
        checkCount(count);
        return VectorOps.dots(array, offset, count, w, threads);
    }

    /** {@code w -= Σ_{j<count} h_j q_j} ({@link VectorOps#subtractCombination(double[][], int, double[], double[], int)}) */
    void subtractCombination(int count, double[] h, double[] w, int threads) {
        checkCount(count);
        VectorOps.subtractCombination(array, offset, count, h, w, threads);
    }

    /** @return {@code Σ_{j<count} s_j q_j} in a new array */
    double[] combination(int count, double[] s, int threads) {
        checkCount(count);
        return VectorOps.combination(array, offset, count, s, n, threads);
    }

    private void checkCount(int count) {
        if (count < 0 || count > size) {
            throw new IndexOutOfBoundsException("count must be in [0, " + size + "] but was " + count);
        }
    }
}
