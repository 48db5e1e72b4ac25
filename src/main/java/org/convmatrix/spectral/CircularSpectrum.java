package org.convmatrix.spectral;

import java.util.Arrays;
import org.convmatrix.backend.DenseLinearAlgebra;
import org.convmatrix.parallel.Ranges;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;

/**
 * The singular values of the <em>circular</em> stride-1 convolution of a layer's weights on an {@code N}-grid,
 * through one small matrix per frequency (Sedghi, Gupta &amp; Long, "The singular values of convolutional
 * layers", ICLR 2019, Thm 6): with {@code y[r, o] = Σ_{c, j} w[r, c, j]·x[c, (o + j∘d − p) mod N]}, the 
 * discrete Fourier transform over the grid turns the layer into the block-diagonal map
 * {@code x̂(ω) ↦ K(ω)·x̂(ω)}, {@code K(ω)[r][c] = Σ_j w[r, c, j]·exp(2πi Σ_a ω_a j_a d_a / N_a)} (an
 * {@code R × C} complex matrix, zero outside the group blocks; the shift {@code p} multiplies {@code K(ω)} by
 * a unit scalar). The DFT is unitary, so the layer's singular values are the union over the {@code Π N}
 * frequencies of the singular values of {@code K(ω)}. The DFT of the small kernel is taken directly.
 *
 * <p>The singular values of a complex {@code K = X + iY} are those of the real {@code [[X, −Y], [Y, X]]}, each
 * twice; {@link #all} uses that real SVD. {@link #max} needs only the largest value per frequency and uses the
 * eigenvalues of the Gram matrix of the smaller side (and {@code K(−ω) = conj K(ω)}, so half the frequencies).
 *
 * <p>This is the exact spectrum of a conv with {@code padding_mode = "circular"}, stride 1 and an output as large
 * as its input; for other layers it is the "circular" value papers compare with. Stateless, thread-safe.
 */
public final class CircularSpectrum {
    private CircularSpectrum() {
    }

    /** @return every singular value of the circular layer ({@code R·Π N} or {@code C·Π N} of them), descending */
    public static double[] all(ConvLayer layer, int[] grid) {
        Kernel k = new Kernel(layer.spec(), layer.weight().data(), grid);
        int s = Math.min(k.rows, k.cols);
        double[] out = new double[Math.multiplyExact(s, k.frequencies)];
        for (int f = 0; f < k.frequencies; f++) {
            double[] sv = DenseLinearAlgebra.singularValues(k.realEmbedding(f));
            for (int i = 0; i < s; i++) {
                out[f * s + i] = sv[2 * i];
            }
        }
        Arrays.sort(out);
        reverse(out);
        return out;
    }

    /** @return the largest singular value of the circular layer, frequencies split over {@code threads} */
    public static double max(ConvLayer layer, int[] grid, int threads) {
        return top(layer, grid, threads).sigma();
    }

    /**
     * The largest singular value of the circular layer with its frequency and right singular vector.
     *
     * @param sigma     {@code σ_max}
     * @param frequency the multi-index {@code ω} of a frequency where it is attained
     * @param re        real part of the unit right singular vector of {@code K(ω)} (length {@code C})
     * @param im        its imaginary part
     */
    public record Top(double sigma, int[] frequency, double[] re, double[] im) {
    }

    /** @return {@link Top} of the circular layer, frequencies split over {@code threads} */
    public static Top top(ConvLayer layer, int[] grid, int threads) {
        Kernel k = new Kernel(layer.spec(), layer.weight().data(), grid);
        double[] best = new double[k.frequencies];
        Ranges.run(threads, k.frequencies, 16, (from, to) -> {
            for (int f = from; f < to; f++) {
                if (k.conjugateIndex(f) >= f) {
                    best[f] = Math.sqrt(Math.max(0, DenseLinearAlgebra.largestSymmetricEigenvalue(k.gramEmbedding(f))));
                }
            }
        });
        int arg = 0;
        for (int f = 1; f < best.length; f++) {
            if (best[f] > best[arg]) {
                arg = f;
            }
        }
        return vectorAt(k, arg, best[arg]);
    }

    /**
     * An approximate {@link Top}, for a start vector: {@code σ_max(K(ω))}, estimated from below by a few power steps,
     * on every {@code s}-th frequency per axis ({@code s = max(1, N_a/12)}), then on all frequencies within
     * {@code s} of the best one; at the best of those, the exact value and vector. About {@code 12^d + (2s+1)^d}
     * estimates instead of {@code Π N_a / 2} eigenproblems; the value may be below the true maximum (it is a lower
     * bound of it).
     */
    public static Top approximateTop(ConvLayer layer, int[] grid, int threads) {
        Kernel k = new Kernel(layer.spec(), layer.weight().data(), grid);
        int d = grid.length;
        int[] step = new int[d];
        for (int a = 0; a < d; a++) {
            step[a] = Math.max(1, grid[a] / 12);
        }
        int best = bestOf(k, candidates(grid, new int[d], step, false), threads);
        int[] centre = Kernel.unflatten(best, grid);
        int around = bestOf(k, candidates(grid, centre, step, true), threads);
        double sigma = Math.sqrt(Math.max(0, DenseLinearAlgebra.largestSymmetricEigenvalue(k.gramEmbedding(around))));
        return vectorAt(k, around, sigma);
    }

    /** @return frequencies: a lattice of spacing {@code step} ({@code near = false}) or the box within {@code step} of {@code centre} */
    static int[] candidates(int[] grid, int[] centre, int[] step, boolean near) {
        int d = grid.length;
        int[] count = new int[d];
        long total = 1;
        for (int a = 0; a < d; a++) {
            count[a] = near ? Math.min(grid[a], 2 * step[a] + 1) : (grid[a] + step[a] - 1) / step[a];
            total *= count[a];
        }
        int[] out = new int[(int) total];
        for (int i = 0; i < out.length; i++) {
            int rest = i;
            int flat = 0;
            for (int a = 0; a < d; a++) {
                int stride = 1;
                for (int b = a + 1; b < d; b++) {
                    stride *= count[b];
                }
                int idx = rest / stride;
                rest %= stride;
                int w = near ? Math.floorMod(centre[a] - Math.min(step[a], (count[a] - 1) / 2) + idx, grid[a])
                        : idx * step[a];
                flat = flat * grid[a] + w;
            }
            out[i] = flat;
        }
        return out;
    }

    private static int bestOf(Kernel k, int[] freqs, int threads) {
        double[] v = new double[freqs.length];
        Ranges.run(threads, freqs.length, 4, (from, to) -> {
            for (int i = from; i < to; i++) {
                v[i] = k.powerEstimate(freqs[i]);
            }
        });
        int arg = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[arg]) {
                arg = i;
            }
        }
        return freqs[arg];
    }

    private static Top vectorAt(Kernel k, int f, double sigma) {
        DenseLinearAlgebra.SymmetricEigen e = DenseLinearAlgebra.symmetricEigen(k.rightGramEmbedding(f));
        int c = k.cols;
        double[] re = new double[c];
        double[] im = new double[c];
        for (int i = 0; i < c; i++) {
            re[i] = e.vectors()[i][0];
            im[i] = e.vectors()[c + i][0];
        }
        return new Top(sigma, Kernel.unflatten(f, k.grid), re, im);
    }

    private static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The weights and grid, with the per-frequency matrices. */
    static final class Kernel {
        /** Power steps of {@link #powerEstimate}. */
        private static final int POWER_STEPS = 24;

        private final ConvSpec spec;
        private final double[] w;
        private final int[] grid;
        private final int rows;
        private final int cols;
        private final int frequencies;
        private final int[][] taps;

        Kernel(ConvSpec spec, double[] w, int[] grid) {
            this.spec = spec;
            this.w = w;
            this.grid = grid.clone();
            int[] shape = spec.weightShape();
            this.rows = shape[0];
            this.cols = shape[1] * spec.groups();
            int f = 1;
            for (int n : grid) {
                f = Math.multiplyExact(f, n);
            }
            this.frequencies = f;
            int kv = spec.kernelVolume();
            this.taps = new int[kv][];
            for (int j = 0; j < kv; j++) {
                taps[j] = unflatten(j, spec.kernelSize());
            }
        }

        /**
         * A lower estimate of {@code σ_max(K(ω))²} for ranking frequencies: {@link #POWER_STEPS} steps of the power
         * method on {@code KᴴK} from a seeded start, then {@code ||Kv||²} for the unit {@code v} (a Rayleigh
         * quotient, so never above the true value). About 60 times cheaper than the eigenvalues of the Gram matrix.
         */
        double powerEstimate(int f) {
            double[][][] k = matrix(f);
            double[] vr = new double[cols];
            double[] vi = new double[cols];
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(f);
            for (int c = 0; c < cols; c++) {
                vr[c] = rnd.nextDouble(-1, 1);
                vi[c] = rnd.nextDouble(-1, 1);
            }
            double[] ur = new double[rows];
            double[] ui = new double[rows];
            double value = 0;
            for (int step = 0; step <= POWER_STEPS; step++) {
                double nv = 0;
                for (int c = 0; c < cols; c++) {
                    nv += vr[c] * vr[c] + vi[c] * vi[c];
                }
                if (!(nv > 0)) {
                    return 0;
                }
                double scale = 1 / Math.sqrt(nv);
                double nu = 0;
                for (int r = 0; r < rows; r++) {
                    double sr = 0;
                    double si = 0;
                    for (int c = 0; c < cols; c++) {
                        sr += k[0][r][c] * vr[c] - k[1][r][c] * vi[c];
                        si += k[0][r][c] * vi[c] + k[1][r][c] * vr[c];
                    }
                    ur[r] = sr * scale;
                    ui[r] = si * scale;
                    nu += ur[r] * ur[r] + ui[r] * ui[r];
                }
                value = nu;
                // v = Kᴴu row by row of K (contiguous rows; each v[c] still sums over r in order, as a dot product would)
                java.util.Arrays.fill(vr, 0);
                java.util.Arrays.fill(vi, 0);
                for (int r = 0; r < rows; r++) {
                    double[] kr = k[0][r];
                    double[] ki = k[1][r];
                    double a = ur[r];
                    double b = ui[r];
                    for (int c = 0; c < cols; c++) {
                        vr[c] += kr[c] * a + ki[c] * b;
                    }
                    for (int c = 0; c < cols; c++) {
                        vi[c] += kr[c] * b - ki[c] * a;
                    }
                }
            }
            return value;
        }

        /** @return {@code [Re K, Im K]} of frequency {@code f} */
        double[][][] matrix(int f) {
            int[] omega = unflatten(f, grid);
            int kv = taps.length;
            double[] cos = new double[kv];
            double[] sin = new double[kv];
            for (int j = 0; j < kv; j++) {
                double phase = 0;
                for (int a = 0; a < grid.length; a++) {
                    long t = (long) omega[a] * taps[j][a] * spec.dilation(a) % grid[a];
                    phase += (double) t / grid[a];
                }
                cos[j] = Math.cos(2 * Math.PI * phase);
                sin[j] = Math.sin(2 * Math.PI * phase);
            }
            int rg = rows / spec.groups();
            int cg = cols / spec.groups();
            double[][] re = new double[rows][cols];
            double[][] im = new double[rows][cols];
            for (int r = 0; r < rows; r++) {
                int g = r / rg;
                for (int c = 0; c < cg; c++) {
                    int base = (r * cg + c) * kv;
                    double sr = 0;
                    double si = 0;
                    for (int j = 0; j < kv; j++) {
                        sr += w[base + j] * cos[j];
                        si += w[base + j] * sin[j];
                    }
                    re[r][g * cg + c] = sr;
                    im[r][g * cg + c] = si;
                }
            }
            return new double[][][] {re, im};
        }

        double[][] realEmbedding(int f) {
            double[][][] k = matrix(f);
            double[][] e = new double[2 * rows][2 * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    double x = k[0][r][c];
                    double y = k[1][r][c];
                    e[r][c] = x;
                    e[r][cols + c] = -y;
                    e[rows + r][c] = y;
                    e[rows + r][cols + c] = x;
                }
            }
            return e;
        }

        /** @return the real embedding of {@code KᴴK} or {@code KKᴴ}, whichever is smaller */
        double[][] gramEmbedding(int f) {
            return gram(f, rows <= cols);
        }

        /** @return the real embedding of {@code KᴴK}, whose eigenvectors {@code [a; b]} are {@code a + ib} */
        double[][] rightGramEmbedding(int f) {
            return gram(f, false);
        }

        private double[][] gram(int f, boolean left) {
            double[][][] k = matrix(f);
            int s = left ? rows : cols;
            int inner = left ? cols : rows;
            double[][] e = new double[2 * s][2 * s];
            for (int a = 0; a < s; a++) {
                for (int b = 0; b <= a; b++) {
                    double gr = 0;
                    double gi = 0;
                    for (int t = 0; t < inner; t++) {
                        double ar = left ? k[0][a][t] : k[0][t][a];
                        double ai = left ? k[1][a][t] : -k[1][t][a];
                        double br = left ? k[0][b][t] : k[0][t][b];
                        double bi = left ? k[1][b][t] : -k[1][t][b];
                        gr += ar * br + ai * bi;
                        gi += ai * br - ar * bi;
                    }
                    set(e, s, a, b, gr, gi);
                    set(e, s, b, a, gr, -gi);
                }
            }
            return e;
        }

        private static void set(double[][] e, int s, int a, int b, double re, double im) {
            e[a][b] = re;
            e[a][s + b] = -im;
            e[s + a][b] = im;
            e[s + a][s + b] = re;
        }

        int conjugateIndex(int f) {
            int[] omega = unflatten(f, grid);
            int idx = 0;
            for (int a = 0; a < grid.length; a++) {
                idx = idx * grid[a] + (grid[a] - omega[a]) % grid[a];
            }
            return idx;
        }

        private static int[] unflatten(int flat, int[] shape) {
            int[] idx = new int[shape.length];
            for (int a = shape.length - 1; a >= 0; a--) {
                idx[a] = flat % shape[a];
                flat /= shape[a];
            }
            return idx;
        }
    }
}
