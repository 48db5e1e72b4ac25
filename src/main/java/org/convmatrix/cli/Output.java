package org.convmatrix.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.convmatrix.io.AtomicFiles;
import org.convmatrix.io.TensorJson;
import org.convmatrix.spec.Tensor;

/** Where command results go: standard output, or a file written atomically. */
final class Output {
    private Output() {
    }

    /**
     * Refuses an {@code --out} that names an existing folder, before the command computes or prints
     * anything (the write itself would fail only at the end).
     */
    static void requireFileTarget(Path out) {
        if (out != null && java.nio.file.Files.isDirectory(out)) {
            throw new org.convmatrix.spec.InvalidSpecException("out", "--out " + out + " is a folder; give a file name");
        }
    }

    static void writeTensor(Tensor t, Path out) throws IOException {
        if (out == null) {
            PrintStream stdout = System.out;
            Writer w = new OutputStreamWriter(stdout, StandardCharsets.UTF_8);
            TensorJson.write(t, w);
            w.flush();
            return;
        }
        requireFileTarget(out);
        AtomicFiles.write(out, stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            TensorJson.write(t, w);
            w.flush();
        });
    }
}
