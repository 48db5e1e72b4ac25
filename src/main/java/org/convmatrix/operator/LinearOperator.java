package org.convmatrix.operator;

/**
 * A linear map {@code A : R^cols -> R^rows} with its adjoint, in the manner of PyLops'
 * {@code LinearOperator}: it knows its shape, applies {@code A·x} and {@code Aᵀ·y}, and
 * {@link #adjoint()} is a view, not a copy.
 *
 * <p>Implementations document their thread safety; the ones in this project are safe for concurrent
 * calls with distinct output arrays.
 */
public interface LinearOperator {
    /** @return the length of {@code A·x} */
    int rows();

    /** @return the length of {@code x} */
    int cols();

    /** Overwrites {@code y} (length {@link #rows()}) with {@code A·x} ({@code x} of length {@link #cols()}). */
    void apply(double[] x, double[] y);

    /** Overwrites {@code x} (length {@link #cols()}) with {@code Aᵀ·y} ({@code y} of length {@link #rows()}). */
    void applyAdjoint(double[] y, double[] x);

    /** @return {@code A·x} in a new array */
    default double[] apply(double[] x) {
        double[] y = new double[rows()];
        apply(x, y);
        return y;
    }

    /** @return {@code Aᵀ·y} in a new array */
    default double[] applyAdjoint(double[] y) {
        double[] x = new double[cols()];
        applyAdjoint(y, x);
        return x;
    }

    /** @return {@code Aᵀ} as a view of this operator */
    default LinearOperator adjoint() {
        LinearOperator a = this;
        return new LinearOperator() {
            @Override
            public int rows() {
                return a.cols();
            }

            @Override
            public int cols() {
                return a.rows();
            }

            @Override
            public void apply(double[] x, double[] y) {
                a.applyAdjoint(x, y);
            }

            @Override
            public void applyAdjoint(double[] y, double[] x) {
                a.apply(y, x);
            }

            @Override
            public LinearOperator adjoint() {
                return a;
            }
        };
    }
}
