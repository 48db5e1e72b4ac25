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
import org.convmatrix.io.MatrixMarketWriter;
import org.convmatrix.lower.LoweredConv;
import org.convmatrix.render.LatexMatrix;
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
            + "scipy.sparse.csc_matrix((values, row_idx, col_ptr), shape)), latex (pmatrix, up to 64 x 64; with "
            + "--weights symbolic the entries are w_{0,1}, ...).",
            "Indexing: rows and columns are tensors [channels, *spatial] flattened in row-major order: "
            + "index = channel*prod(spatial) + row-major position (2-D: c*H*W + y*W + x). Rows of W are the conv's "
            + "output, columns its input; the header of each file says which is which."},
        footer = {"", "Examples:",
            "  java -jar target/convmatrix.jar matrix --kernel 2,2 --input 3,3 --out w.mtx",
            "  java -jar target/convmatrix.jar matrix --kernel 2,2 --input 3,3 --weights symbolic --format latex",
            "  java -jar target/convmatrix.jar matrix --case case.json --which affine --out ab.csv",
            "  python3 -c \"import scipy.io; print(scipy.io.mmread('w.mtx').toarray())\""})
final class MatrixCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format {
        mtx,
        csv,
        json,
        latex
    }

    /** The matrices this command writes. */
    enum Which {
        W,
        WT,
        affine
    }

    @Mixin
    LayerOptions layer;

    @Option(names = "--which", paramLabel = "M", defaultValue = "W", description = "W, WT (W transposed) or affine "
            + "([A | b]); default ${DEFAULT-VALUE}")
    Which which;

    @Option(names = "--format", paramLabel = "F", description = "mtx, csv, json or latex; default: from the --out "
            + "extension (.mtx .csv .json .tex), else mtx")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "write here (atomically: complete or untouched) instead of "
            + "standard output")
    Path out;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        Output.requireFileTarget(out);
        LayerOptions.Resolved r = layer.resolve();
        LoweredConv lc = layer.lower(r);
        MatrixKind kind = which == Which.W ? MatrixKind.W : which == Which.WT ? MatrixKind.WT : MatrixKind.AFFINE;
        CscMatrix m = kind.of(lc);
        MatrixAxes axes = kind.axes(lc);
        Format f = format != null ? format : fromExtension(out);
        String name = kind.symbol() + " of " + r.layer().spec() + " for input " + java.util.Arrays.toString(r.inputSpatial());
        List<String> comments = new ArrayList<>();
        comments.add(name.replace("\u1d40", "^T"));
        comments.add(identity(lc, kind));
        comments.addAll(axes.describe(f == Format.mtx));
        if (r.symbolic()) {
            comments.add("--weights symbolic: each value is the flat index + 1 of the weight in PyTorch's layout "
                    + java.util.Arrays.toString(r.layer().spec().weightShape()));
        }
        String latex = null;
        if (f == Format.latex) {
            if (kind == MatrixKind.AFFINE) {
                throw new InvalidSpecException("format", "--format latex: writes W or WT (use --which W or WT)");
            }
            if (m.rows() > LatexMatrix.MAX_SIDE || m.cols() > LatexMatrix.MAX_SIDE) {
                throw new InvalidSpecException("format", "--format latex: the matrix is " + m.rows() + " x " + m.cols()
                        + "; LaTeX is written for matrices up to " + LatexMatrix.MAX_SIDE + " x " + LatexMatrix.MAX_SIDE
                        + " (use mtx, csv or json)");
            }
            StringBuilder sb = new StringBuilder();
            for (String c : comments) {
                sb.append("% ").append(c).append('\n');
            }
            sb.append(r.symbolic() ? LatexMatrix.symbolic(SymbolicWeights.of(r.layer().spec(), r.inputSpatial()),
                    kind == MatrixKind.WT) : LatexMatrix.numeric(m));
            latex = sb.toString();
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
        if (out == null) {
            content.writeTo(System.out);
            System.out.flush();
        } else {
            try {
                AtomicFiles.write(out, content);
            } catch (IOException e) {
                throw Output.writeFailed("--out", out, e);
            }
            PrintWriter err = command.commandLine().getErr();
            err.println("wrote " + kind.symbol() + " (" + m.rows() + " x " + m.cols() + ", " + m.nnz()
                    + " stored entries) as " + f + " to " + out);
            err.flush();
        }
        return 0;
    }

    static String identity(LoweredConv lc, MatrixKind kind) {
        boolean conv = lc.layer().spec().op() == org.convmatrix.spec.Op.CONV;
        switch (kind) {
            case W:
                return conv ? "conv(x) = W*x" : "convT(y) = W^T*y (W is the conv whose adjoint the layer is)";
            case WT:
                return conv ? "the conv_transpose with the same weights is W^T*y" : "convT(y) = W^T*y (this matrix)";
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
        return Format.mtx;
    }
}
