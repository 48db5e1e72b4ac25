package org.convmatrix.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.convmatrix.io.AtomicFiles;
import org.convmatrix.io.CsvTripletsWriter;
import org.convmatrix.io.MatrixAxes;
import org.convmatrix.io.MatrixJsonWriter;
import org.convmatrix.io.MatFileWriter;
import org.convmatrix.io.MatrixMarketWriter;
import org.convmatrix.io.NpzWriter;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.render.LatexMatrix;
import org.convmatrix.render.LayerMatrices;
import org.convmatrix.render.MatrixKind;
import org.convmatrix.render.SymbolicWeights;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.InvalidSpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code matrix}: writes W, Wᵀ or [A | b] as Matrix Market, CSV triplets, JSON or LaTeX. */
@Command(name = "matrix", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the matrix of a layer: W (conv(x) = W*x; for a conv_transpose the conv it is the adjoint "
            + "of, so convT(y) = W^T*y), W^T, or [A | b] (the layer as an affine map: A = W for conv, W^T for "
            + "conv_transpose, b the bias per output element).",
            "Formats: mtx (Matrix Market coordinate real general, 1-based, scipy.io.mmread / MATLAB / Julia), "
            + "csv (0-based triplets row,col,value plus each index's (channel, position)), json (CSC arrays: "
            + "scipy.sparse.csc_matrix((values, row_idx, col_ptr), shape)), latex (pmatrix, up to 64 x 64 and lines TeX can "
            + "read; with --weights symbolic the entries are w_{0,1}, ..., and WTW/WWT are simplified sums of products "
            + "such as w_{0}^2 + w_{1}^2; --labels adds row and column labels), npz (scipy.sparse.load_npz: CSC, float64, int32 "
            + "indices, uncompressed), mat (MATLAB v5 sparse double, variable W, WT or Ab: MATLAB/Octave load, "
            + "scipy.io.loadmat).",
            "Indexing: rows and columns are tensors [channels, *spatial] flattened in row-major order: "
            + "index = channel*prod(spatial) + row-major position (2-D: c*H*W + y*W + x). Rows of W are the conv's "
            + "output, columns its input; the header of each file says which is which."},
        footer = {"", "Examples:",
            "  java -jar target/convmatrix.jar matrix --kernel 2,2 --input 3,3 --out w.mtx",
            "  java -jar target/convmatrix.jar matrix --kernel 2,2 --input 3,3 --weights symbolic --format latex",
            "  java -jar target/convmatrix.jar matrix --case case.json --which affine --out ab.csv",
            "  java -jar target/convmatrix.jar matrix --kernel 2 --input 3 --weights symbolic --which WTW --format latex",
            "  java -jar target/convmatrix.jar matrix --case case.json --out w.npz   (scipy.sparse.load_npz('w.npz'))",
            "  python3 -c \"import scipy.io; print(scipy.io.mmread('w.mtx').toarray())\""})
final class MatrixCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format {
        mtx,
        csv,
        json,
        latex,
        npz,
        mat
    }

    /** The matrices this command writes. */
    enum Which {
        W,
        WT,
        affine,
        WTW,
        WWT
    }

    @Mixin
    LayerOptions layer;

    @Option(names = "--which", paramLabel = "M", defaultValue = "W", description = "W, WT (W transposed), affine "
            + "([A | b]), WTW (W^T W) or WWT (W W^T); default ${DEFAULT-VALUE}")
    Which which;

    @Option(names = "--labels", description = "latex only: label rows and columns with their (channel, position) "
            + "index (a \\bordermatrix)")
    boolean labels;

    @Option(names = "--format", paramLabel = "F", description = "mtx, csv, json, latex, npz or mat; default: from the "
            + "--out extension (.mtx .csv .json .tex .npz .mat), else mtx. npz and mat are binary and need --out")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "write here (atomically: complete or untouched) instead of "
            + "standard output")
    Path out;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        Output.requireFileTarget(out);
        Format f = format != null ? format : fromExtension(out);
        if ((f == Format.npz || f == Format.mat) && out == null) {
            throw new InvalidSpecException("out", "--out: --format " + f + " is binary; give a file (--out w." + f + ")");
        }
        LayerOptions.Resolved r = layer.resolve();
        LayerMatrices lc = layer.matrices(r);
        MatrixKind kind = kindOf(which);
        CscMatrix m = kind.of(lc);
        MatrixAxes axes = kind.axes(lc);
        String name = lc.symbol(kind) + " of " + lc.title() + ", " + lc.sizes();
        List<String> comments = new ArrayList<>();
        comments.add(name.replace("\u1d40", "^T").replace("\u2192", "->"));
        comments.add(identity(lc, kind));
        comments.addAll(axes.describe(f == Format.mtx));
        if (r.symbolic()) {
            comments.add("--weights symbolic: " + (kind.symbolic() ? "each value is the flat index + 1 of the weight"
                    : "computed with the weights w[j] = j + 1, j the flat index") + " in PyTorch's layout "
                    + java.util.Arrays.toString(r.conv("--weights symbolic").spec().weightShape()));
        }
        String latex = null;
        if (f == Format.latex) {
            latex = latex(r, kind, m, axes, comments);
        }
        final String latexText = latex;
        AtomicFiles.Content content = stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            switch (f) {
                case mtx:
                    MatrixMarketWriter.write(m, comments, w);
                    break;
                case csv:
                    CsvTripletsWriter.write(m, axes, w);
                    break;
                case json:
                    MatrixJsonWriter.write(m, axes, String.join("\n", comments), w);
                    break;
                default:
                    w.write(latexText);
            }
            w.flush();
        };
        if (f == Format.npz) {
            NpzWriter.write(m, out);
        } else if (f == Format.mat) {
            MatFileWriter.write(m, kind == MatrixKind.AFFINE ? "Ab" : kind == MatrixKind.WT ? "WT" : "W", out);
        } else if (out == null) {
            content.writeTo(System.out);
            System.out.flush();
        } else {
            try {
                AtomicFiles.write(out, content);
            } catch (IOException e) {
                throw Output.writeFailed("--out", out, e);
            }
        }
        if (out != null) {
            PrintWriter err = command.commandLine().getErr();
            err.println("wrote " + lc.symbol(kind) + " (" + m.rows() + " x " + m.cols() + ", " + m.nnz()
                    + " stored entries) as " + f + " to " + out);
            err.flush();
        }
        return 0;
    }

    /** The LaTeX text: the comments, then the matrix (numbers or symbols), labelled with --labels. */
    private String latex(LayerOptions.Resolved r, MatrixKind kind, CscMatrix m, MatrixAxes axes, List<String> comments) {
        if (kind == MatrixKind.AFFINE) {
            throw new InvalidSpecException("format", "--format latex: writes W, WT, WTW or WWT (not affine)");
        }
        if (m.rows() > LatexMatrix.MAX_SIDE || m.cols() > LatexMatrix.MAX_SIDE) {
            throw new InvalidSpecException("format", "--format latex: the matrix is " + m.rows() + " x " + m.cols()
                    + "; LaTeX is written for matrices up to " + LatexMatrix.MAX_SIDE + " x " + LatexMatrix.MAX_SIDE
                    + " (use mtx, csv or json)");
        }
        LatexMatrix.Labels l = labels ? new LatexMatrix.Labels(labels(axes.rowShape(), m.rows()),
                labels(axes.colShape(), m.cols())) : LatexMatrix.Labels.NONE;
        StringBuilder sb = new StringBuilder();
        for (String c : comments) {
            sb.append("% ").append(c).append('\n');
        }
        if (!r.symbolic()) {
            return sb.append(LatexMatrix.numeric(m, l)).toString();
        }
        SymbolicWeights s = SymbolicWeights.of(r.layer().spec(), r.inputSpatial());
        return sb.append(kind.symbolic() ? LatexMatrix.symbolic(s, kind == MatrixKind.WT, l)
                : LatexMatrix.symbolicGram(s, kind == MatrixKind.WTW, l)).toString();
    }

    /** @return {@code (c,y,x)} of each flat index of a tensor of {@code shape} */
    static String[] labels(int[] shape, int count) {
        String[] l = new String[count];
        for (int i = 0; i < count; i++) {
            int[] idx = MatrixAxes.unflatten(i, shape);
            StringBuilder sb = new StringBuilder("(");
            for (int a = 0; a < idx.length; a++) {
                sb.append(a == 0 ? "" : ",").append(idx[a]);
            }
            l[i] = sb.append(')').toString();
        }
        return l;
    }

    static MatrixKind kindOf(Which which) {
        switch (which) {
            case W:
                return MatrixKind.W;
            case WT:
                return MatrixKind.WT;
            case WTW:
                return MatrixKind.WTW;
            case WWT:
                return MatrixKind.WWT;
            default:
                return MatrixKind.AFFINE;
        }
    }

    static String identity(LayerMatrices lc, MatrixKind kind) {
        boolean conv = !lc.layerIsTranspose();
        if (!lc.convolution()) {
            return kind == MatrixKind.W ? "layer(x) = A*x + b; grad_input = A^T*grad_output"
                    : kind == MatrixKind.WT ? "A^T: the layer's backward, grad_input = A^T*grad_output"
                    : kind == MatrixKind.AFFINE ? "layer(x) = [A | b]*[x; 1]"
                    : kind == MatrixKind.WTW ? "A^T*A: how input positions interact" : "A*A^T: how output positions interact";
        }
        switch (kind) {
            case W:
                return conv ? "conv(x) = W*x" : "convT(y) = W^T*y (W is the conv whose adjoint the layer is)";
            case WT:
                return conv ? "the conv_transpose with the same weights is W^T*y" : "convT(y) = W^T*y (this matrix)";
            case WTW:
                return "W^T W: the Gram matrix of W's columns (entry (i,j) = sum over rows r of W[r,i]*W[r,j])";
            case WWT:
                return "W W^T: the Gram matrix of W's rows (entry (i,j) = sum over columns c of W[i,c]*W[j,c])";
            default:
                return "layer(x) = [A | b]*[x; 1] with A = " + (conv ? "W" : "W^T") + " and b the bias of each output element";
        }
    }

    static Format fromExtension(Path p) {
        if (p == null) {
            return Format.mtx;
        }
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return Format.csv;
        }
        if (n.endsWith(".json")) {
            return Format.json;
        }
        if (n.endsWith(".tex")) {
            return Format.latex;
        }
        if (n.endsWith(".npz")) {
            return Format.npz;
        }
        if (n.endsWith(".mat")) {
            return Format.mat;
        }
        return Format.mtx;
    }
}
