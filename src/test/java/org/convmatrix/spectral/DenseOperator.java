package org.convmatrix.spectral;

import org.convmatrix.operator.LinearOperator;

/**
 * A small dense {@link LinearOperator} for tests, with a count of the products it has computed ({@code A·x} and
 * {@code Aᵀ·y} alike), so that a test can compare what a method reports having spent with what it spent.
 * Products are summed in index order. Not thread-safe.
 */
final class DenseOperator implements LinearOperator {
    private final double[][] a;
    private int products;

    private DenseOperator(double[][] a) {
        this.a = a;
    }

    /** @return the operator of the row-major {@code a} (not copied) */
    static DenseOperator of(double[][] a) {
        return new DenseOperator(a);
    }

    /** @return {@code diag(d)}, square */
    static DenseOperator diagonal(double... d) {
        return tall(d.length, d);
    }

    /** @return {@code diag(d)} as a product-only operator (no dense storage: for long diagonals) */
    static LinearOperator longDiagonal(double[] d, int[] counter) {
        return new LinearOperator() {
            @Override
            public int rows() {
                return d.length;
            }

            @Override
            public int cols() {
                return d.length;
            }

            @Override
            public void apply(double[] x, double[] y) {
                counter[0]++;
                for (int i = 0; i < d.length; i++) {
                    y[i] = d[i] * x[i];
                }
            }

            @Override
            public void applyAdjoint(double[] y, double[] x) {
                apply(y, x);
            }
        };
    }

    /** @return the {@code rows × d.length} matrix with {@code d} on its diagonal ({@code rows >= d.length}) */
    static DenseOperator tall(int rows, double... d) {
        double[][] a = new double[rows][d.length];
        for (int i = 0; i < d.length; i++) {
            a[i][i] = d[i];
        }
        return new DenseOperator(a);
    }

    /** @return the operator of {@code |a|} */
    DenseOperator absolute() {
        double[][] b = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            b[i] = new double[a[i].length];
            for (int j = 0; j < b[i].length; j++) {
                b[i][j] = Math.abs(a[i][j]);
            }
        }
        return new DenseOperator(b);
    }

    /** @return the products computed so far */
    int products() {
        return products;
    }

    /** @return the most nonzeros in one row */
    int rowTerms() {
        int most = 0;
        for (double[] row : a) {
            int c = 0;
            for (double v : row) {
                c += v != 0 ? 1 : 0;
            }
            most = Math.max(most, c);
        }
        return most;
    }

    /** @return the most nonzeros in one column */
    int colTerms() {
        int most = 0;
        for (int j = 0; j < cols(); j++) {
            int c = 0;
            for (double[] row : a) {
                c += row[j] != 0 ? 1 : 0;
            }
            most = Math.max(most, c);
        }
        return most;
    }

    @Override
    public int rows() {
        return a.length;
    }

    @Override
    public int cols() {
        return a.length == 0 ? 0 : a[0].length;
    }

    @Override
    public void apply(double[] x, double[] y) {
        products++;
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += a[i][j] * x[j];
            }
            y[i] = s;
        }
    }

    @Override
    public void applyAdjoint(double[] y, double[] x) {
        products++;
        for (int j = 0; j < x.length; j++) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i][j] * y[i];
            }
            x[j] = s;
        }
    }
}
