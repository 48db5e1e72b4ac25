package org.convmatrix.testing;

import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.Tensor;

/** Small dense helpers for tests. */
public final class Dense {
    private Dense() {
    }

    /** @return the layer without its bias */
    public static ConvLayer withoutBias(ConvLayer layer) {
        return ConvLayer.of(layer.spec(), layer.weight(), null);
    }

    /** @return the unit tensor {@code e_j} of the given shape */
    public static Tensor unit(int[] shape, int j) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] d = new double[n];
        d[j] = 1.0;
        return Tensor.of(shape, d);
    }

    /** @return sample {@code n} of a batch, flat */
    public static double[] sample(Tensor batch, int n) {
        int per = batch.size() / batch.dim(0);
        double[] s = new double[per];
        for (int i = 0; i < per; i++) {
            s[i] = batch.get(n * per + i);
        }
        return s;
    }

    /** @return {@code a·b} for dense row-major arrays */
    public static double[][] multiply(double[][] a, double[][] b) {
        int inner = b.length;
        double[][] c = new double[a.length][b.length == 0 ? 0 : b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < inner; k++) {
                double aik = a[i][k];
                if (aik != 0) {
                    for (int j = 0; j < c[i].length; j++) {
                        c[i][j] += aik * b[k][j];
                    }
                }
            }
        }
        return c;
    }

    /** @return {@code I_n ⊗ a}: {@code n} copies of {@code a} down the diagonal */
    public static double[][] blockDiagonal(double[][] a, int n) {
        int r = a.length;
        int c = r == 0 ? 0 : a[0].length;
        double[][] b = new double[r * n][c * n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < r; i++) {
                System.arraycopy(a[i], 0, b[k * r + i], k * c, c);
            }
        }
        return b;
    }

    /** @return the transpose */
    public static double[][] transpose(double[][] a) {
        double[][] t = new double[a.length == 0 ? 0 : a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /** @return whether {@code a} is exactly the identity */
    public static boolean isIdentity(double[][] a) {
        for (int i = 0; i < a.length; i++) {
            if (a[i].length != a.length) {
                return false;
            }
            for (int j = 0; j < a[i].length; j++) {
                if (a[i][j] != (i == j ? 1.0 : 0.0)) {
                    return false;
                }
            }
        }
        return true;
    }
}
