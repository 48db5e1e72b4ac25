package org.convmatrix.render;

import org.convmatrix.io.MatrixAxes;
import org.convmatrix.spec.InvalidSpecException;

/**
 * The part of a matrix a zoomed heatmap draws: {@code --block R,C} is the block of row channel {@code R}
 * and column channel {@code C} (for {@code W}: output channel, input channel), {@code --rows A:B} and
 * {@code --cols A:B} are index ranges {@code [A, B)} (within the block when both are given). Stateless.
 */
final class HeatmapZoom {
    private HeatmapZoom() {
    }

    /**
     * @throws InvalidSpecException naming {@code block}, {@code rows} or {@code cols} when the part is empty or
     *     outside the matrix
     */
    static MatrixWindow window(HeatmapOptions opts, MatrixAxes axes, int rows, int cols) {
        int r0 = 0;
        int r1 = rows;
        int c0 = 0;
        int c1 = cols;
        if (opts.block() != null) {
            int[] b = opts.block();
            int rowBlock = blockSize(axes.rowShape());
            int colBlock = blockSize(axes.colShape());
            check("block", "--block: the row channel", b[0], axes.rowShape()[0]);
            check("block", "--block: the column channel", b[1], axes.colShape()[0]);
            r0 = b[0] * rowBlock;
            r1 = r0 + rowBlock;
            c0 = b[1] * colBlock;
            c1 = c0 + colBlock;
        }
        int[] r = range("rows", opts.rows(), r1 - r0);
        int[] c = range("cols", opts.cols(), c1 - c0);
        return new MatrixWindow(r0 + r[0], r0 + r[1], c0 + c[0], c0 + c[1]);
    }

    private static int blockSize(int[] shape) {
        int n = 1;
        for (int a = 1; a < shape.length; a++) {
            n = Math.multiplyExact(n, shape[a]);
        }
        return n;
    }

    private static void check(String field, String what, int v, int count) {
        if (v < 0 || v >= count) {
            throw new InvalidSpecException(field, what + " must be in [0, " + (count - 1) + "] but was " + v);
        }
    }

    private static int[] range(String field, int[] ab, int length) {
        if (ab == null) {
            return new int[] {0, length};
        }
        if (ab[0] < 0 || ab[1] > length || ab[0] >= ab[1]) {
            throw new InvalidSpecException(field, "--" + field + ": A:B must satisfy 0 <= A < B <= " + length
                    + " but was " + ab[0] + ":" + ab[1]);
        }
        return ab;
    }
}
