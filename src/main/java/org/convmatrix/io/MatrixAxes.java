package org.convmatrix.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the rows and the columns of an exported matrix index: each is a tensor {@code [channels, *spatial]}
 * flattened in row-major order, so flat index {@code f = c·Π(spatial) + rowMajor(position)}; for 2-D,
 * {@code f = c·(H·W) + y·W + x}.
 *
 * <p>For a conv layer, the rows of {@code W} are the layer's output and the columns its input; for a
 * conv_transpose layer {@code W} is the matrix of the convolution whose adjoint the layer is, so the rows
 * are the transposed layer's input and the columns its output. {@code Wᵀ} swaps them.
 *
 * @param rowMeaning what a row is, e.g. {@code "conv output"}
 * @param rowShape   {@code [channels, *spatial]} of the rows
 * @param colMeaning what a column is
 * @param colShape   {@code [channels, *spatial]} of the columns
 */
public record MatrixAxes(String rowMeaning, int[] rowShape, String colMeaning, int[] colShape) {
    /** Copies the shapes in. */
    public MatrixAxes {
        rowShape = rowShape.clone();
        colShape = colShape.clone();
    }

    @Override
    public int[] rowShape() {
        return rowShape.clone();
    }

    @Override
    public int[] colShape() {
        return colShape.clone();
    }

    /** @return the axes of the transposed matrix */
    public MatrixAxes transposed() {
        return new MatrixAxes(colMeaning, colShape, rowMeaning, rowShape);
    }

    /** @return the axes with one extra column (the bias column of {@code [A | b]}) described in the text */
    public MatrixAxes withBiasColumn() {
        return new MatrixAxes(rowMeaning, rowShape, colMeaning + " (then one last column: the bias b)", colShape);
    }

    /** @return the names of the axes of a {@code [channels, *spatial]} shape: {@code channel, y, x} for 2-D */
    public static String[] axisNames(int[] shape) {
        int d = shape.length - 1;
        String[] names = new String[shape.length];
        names[0] = "channel";
        String[] xyz = d == 1 ? new String[] {"x"} : d == 2 ? new String[] {"y", "x"}
                : d == 3 ? new String[] {"z", "y", "x"} : null;
        for (int a = 0; a < d; a++) {
            names[a + 1] = xyz != null ? xyz[a] : "i" + a;
        }
        return names;
    }

    /** @return the multi-index {@code (channel, *position)} of flat index {@code f} in {@code shape} */
    public static int[] unflatten(long f, int[] shape) {
        int[] idx = new int[shape.length];
        for (int a = shape.length - 1; a >= 0; a--) {
            idx[a] = (int) (f % shape[a]);
            f /= shape[a];
        }
        return idx;
    }

    /** @return e.g. {@code "(channel, y, x)"} */
    public static String tupleName(int[] shape) {
        return "(" + String.join(", ", axisNames(shape)) + ")";
    }

    /**
     * @return the formula of the flat index, e.g. {@code "channel*16 + y*4 + x"}
     */
    public static String flatFormula(int[] shape) {
        String[] names = axisNames(shape);
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < shape.length; a++) {
            long stride = 1;
            for (int b = a + 1; b < shape.length; b++) {
                stride *= shape[b];
            }
            if (a > 0) {
                sb.append(" + ");
            }
            sb.append(names[a]);
            if (stride != 1) {
                sb.append('*').append(stride);
            }
        }
        return sb.toString();
    }

    /**
     * @param oneBased whether the file's indices start at 1 (Matrix Market) or 0
     * @return comment lines that document what rows and columns are
     */
    public List<String> describe(boolean oneBased) {
        List<String> lines = new ArrayList<>();
        String base = oneBased ? " - 1" : "";
        lines.add("rows: " + rowMeaning + ", shape [channels, *spatial] = " + Arrays.toString(rowShape) + "; row" + base
                + " = " + flatFormula(rowShape) + " for " + tupleName(rowShape));
        lines.add("cols: " + colMeaning + ", shape [channels, *spatial] = " + Arrays.toString(colShape) + "; col" + base
                + " = " + flatFormula(colShape) + " for " + tupleName(colShape));
        lines.add("indices are " + (oneBased ? "1-based" : "0-based") + "; flattening is row-major (C order), as "
                + "PyTorch's tensor.flatten()");
        return lines;
    }
}
