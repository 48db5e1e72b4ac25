package org.convmatrix.io;

import org.convmatrix.spec.ArrayLimits;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.convmatrix.sparse.CscMatrix;

/**
 * Reads a Matrix Market coordinate file into a {@link CscMatrix}: field {@code real}, {@code integer}
 * or {@code pattern} (entries 1), symmetry {@code general}, {@code symmetric} or {@code skew-symmetric}
 * (the mirrored entries are added). Indices are 1-based in the file; duplicates are summed. Comment
 * lines ({@code %}) and blank lines are skipped. Files written by {@link MatrixMarketWriter} and by
 * {@code scipy.io.mmwrite} read back exactly.
 *
 * <p>Errors are {@link IllegalArgumentException}s naming the line number and what was expected.
 * Stateless and thread-safe.
 */
public final class MatrixMarketReader {
    private MatrixMarketReader() {
    }

    /** Reads a file. */
    public static CscMatrix read(Path path) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(in, path.toString());
        }
    }

    /** Reads from a reader; {@code source} names it in error messages. */
    public static CscMatrix read(BufferedReader in, String source) throws IOException {
        String banner = in.readLine();
        if (banner == null || !banner.toLowerCase(Locale.ROOT).startsWith("%%matrixmarket")) {
            throw new IllegalArgumentException(source + ": line 1 must start with %%MatrixMarket but was " + banner);
        }
        String[] h = banner.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (h.length < 5 || !h[1].equals("matrix") || !h[2].equals("coordinate")) {
            throw new IllegalArgumentException(source + ": only 'matrix coordinate' files are supported but the banner was "
                    + banner);
        }
        String field = h[3];
        String symmetry = h[4];
        boolean pattern = field.equals("pattern");
        if (!pattern && !field.equals("real") && !field.equals("integer") && !field.equals("double")) {
            throw new IllegalArgumentException(source + ": field must be real, integer or pattern but was " + field);
        }
        int mirror;
        switch (symmetry) {
            case "general":
                mirror = 0;
                break;
            case "symmetric":
                mirror = 1;
                break;
            case "skew-symmetric":
                mirror = -1;
                break;
            default:
                throw new IllegalArgumentException(source + ": symmetry must be general, symmetric or skew-symmetric but was "
                        + symmetry);
        }
        int lineNo = 1;
        String line;
        do {
            line = in.readLine();
            lineNo++;
        } while (line != null && (line.isBlank() || line.startsWith("%")));
        if (line == null) {
            throw new IllegalArgumentException(source + ": the size line 'rows cols nnz' is missing");
        }
        String[] size = line.trim().split("\\s+");
        if (size.length != 3) {
            throw new IllegalArgumentException(source + ": line " + lineNo + " must be 'rows cols nnz' but was " + line);
        }
        int rows = Integer.parseInt(size[0]);
        int cols = Integer.parseInt(size[1]);
        long nnz = Long.parseLong(size[2]);
        TripletMatrixBuilder b = new TripletMatrixBuilder(rows, cols, (int) Math.min(nnz * (mirror == 0 ? 1 : 2),
                ArrayLimits.MAX_ARRAY));
        long seen = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("%")) {
                continue;
            }
            String[] t = line.trim().split("\\s+");
            if (t.length != (pattern ? 2 : 3)) {
                throw new IllegalArgumentException(source + ": line " + lineNo + " must be 'i j" + (pattern ? "" : " value")
                        + "' but was " + line);
            }
            int i = Integer.parseInt(t[0]) - 1;
            int j = Integer.parseInt(t[1]) - 1;
            if (i < 0 || i >= rows || j < 0 || j >= cols) {
                throw new IllegalArgumentException(source + ": line " + lineNo + ": index (" + (i + 1) + ", " + (j + 1)
                        + ") must be in [1, " + rows + "] x [1, " + cols + "]");
            }
            double v = pattern ? 1.0 : Double.parseDouble(t[2]);
            b.add(i, j, v);
            if (mirror != 0 && i != j) {
                b.add(j, i, mirror * v);
            }
            seen++;
        }
        if (seen != nnz) {
            throw new IllegalArgumentException(source + ": the size line announces " + nnz + " entries but the file has "
                    + seen);
        }
        return b.build();
    }
}
