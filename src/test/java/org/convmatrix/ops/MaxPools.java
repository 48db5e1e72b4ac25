package org.convmatrix.ops;

import java.util.Arrays;
import org.convmatrix.spec.Tensor;
import org.convmatrix.testing.Layers;
import org.quicktheories.core.Gen;

/**
 * A max pool written for the tests (PyTorch's {@code MaxPool*d(return_indices=True)} semantics: padding never
 * wins, an index addresses the flattened unpadded input plane) and its selection matrix {@code S},
 * {@code pool(x) = S·x} over the whole batch. Generated pools have {@code stride >= kernel}, so their windows
 * do not overlap and the indices are distinct within a plane.
 */
final class MaxPools {
    private MaxPools() {
    }

    /** A max pool applied to a batch of distinct values: its geometry and the indices it returned. */
    record PoolRun(int[] kernel, int[] stride, int[] padding, int[] inputShape, Tensor indices) {
        int[] inputSpatial() {
            return Arrays.copyOfRange(inputShape, 2, inputShape.length);
        }

        /** @return {@code S}: row {@code (n, c, o)} has a 1 in column {@code (n, c, indices[n, c, o])} */
        double[][] selection() {
            int planes = inputShape[0] * inputShape[1];
            int inPlane = MaxUnpoolPropertiesTest.volume(inputSpatial());
            int outPlane = indices.size() / planes;
            double[][] s = new double[indices.size()][planes * inPlane];
            for (int row = 0; row < indices.size(); row++) {
                s[row][row / outPlane * inPlane + (int) indices.get(row)] = 1.0;
            }
            return s;
        }

        @Override
        public String toString() {
            return "MaxPool(kernel " + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride) + ", padding "
                    + Arrays.toString(padding) + ") on " + Arrays.toString(inputShape) + ", indices "
                    + Arrays.toString(indices.data());
        }
    }

    static Gen<PoolRun> cases() {
        return in -> {
            PoolDraw g = PoolDraw.of(in);
            int d = g.d;
            int[] k = g.k, s = g.s, p = g.p, shape = g.shape;
            for (int a = 0; a < d; a++) {
                k[a] = 1 + Layers.pick(in, 3);
                s[a] = k[a] + Layers.pick(in, 2);
                p[a] = Layers.pick(in, k[a] / 2 + 1);
                shape[a + 2] = Math.max(1, k[a] - 2 * p[a]) + Layers.pick(in, 4);
            }
            double[] x = new double[MaxUnpoolPropertiesTest.volume(shape)];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            for (int i = x.length - 1; i > 0; i--) {
                int j = Layers.pick(in, i + 1);
                double t = x[i];
                x[i] = x[j];
                x[j] = t;
            }
            return new PoolRun(k, s, p, shape, indices(k, s, p, shape, x));
        };
    }

    /** @return the indices of the maxima of {@code x} (shape {@code shape}) over each window */
    static Tensor indices(int[] k, int[] s, int[] p, int[] shape, double[] x) {
        int d = k.length;
        int[] out = new int[d + 2];
        out[0] = shape[0];
        out[1] = shape[1];
        for (int a = 0; a < d; a++) {
            out[a + 2] = (shape[a + 2] + 2 * p[a] - k[a]) / s[a] + 1;
        }
        int planes = shape[0] * shape[1];
        int inPlane = x.length / planes;
        int outPlane = MaxUnpoolPropertiesTest.volume(out) / planes;
        double[] idx = new double[planes * outPlane];
        for (int q = 0; q < planes; q++) {
            for (int o = 0; o < outPlane; o++) {
                idx[q * outPlane + o] = argmax(k, s, p, shape, out, o, x, q * inPlane);
            }
        }
        return Tensor.of(out, idx);
    }

    private static int argmax(int[] k, int[] s, int[] p, int[] shape, int[] out, int o, double[] x, int base) {
        int d = k.length;
        int[] op = new int[d];
        for (int a = d - 1, rest = o; a >= 0; a--) {
            op[a] = rest % out[a + 2];
            rest /= out[a + 2];
        }
        int best = -1;
        int window = Arrays.stream(k).reduce(1, (u, v) -> u * v);
        for (int t = 0; t < window; t++) {
            int flat = 0;
            boolean inside = true;
            for (int a = d - 1, rest = t, mul = 1; a >= 0; a--) {
                int pos = op[a] * s[a] - p[a] + rest % k[a];
                rest /= k[a];
                inside &= pos >= 0 && pos < shape[a + 2];
                flat += pos * mul;
                mul *= shape[a + 2];
            }
            if (inside && (best < 0 || x[base + flat] > x[base + best])) {
                best = flat;
            }
        }
        return best;
    }
}
