package org.convmatrix.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.convmatrix.io.AtomicFiles;
import org.convmatrix.io.TensorJson;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Tensor;

/** Where command results go: standard output, or a file written atomically. */
final class Output {
    private Output() {
    }

    /**
     * Refuses an {@code --out} the atomic write must not or cannot replace, before the command computes or
     * prints anything (the write itself would fail only at the end): an existing folder, a symbolic link
     * (the rename would replace the link, not write through it), anything else that is not a regular file
     * (a FIFO, a device such as {@code /dev/null}, a socket), or a place where no file can be created
     * (probed by creating and deleting a temporary file in the nearest existing folder).
     */
    static void requireFileTarget(Path out) {
        if (out == null) {
            return;
        }
        if (Files.isDirectory(out)) {
            throw new InvalidSpecException("out", "--out " + out + " is a folder; give a file name");
        }
        if (Files.isSymbolicLink(out)) {
            throw new InvalidSpecException("out", "--out " + out + " is a symbolic link; give the file itself (the "
                    + "write would replace the link)");
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidSpecException("out", "--out " + out + " is not a regular file (a FIFO, device or socket); "
                    + "give a file name");
        }
        requireWritableFolder("--out", out, out.toAbsolutePath().getParent());
    }

    /**
     * Refuses a folder option ({@code --out-dir}) that names an existing file, or a place where nothing can be
     * created, before anything is computed or printed.
     */
    static void requireFolderTarget(String flag, Path dir) {
        if (dir == null) {
            return;
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidSpecException(flag.substring(2), flag + " " + dir + " is a file, not a folder; give a "
                    + "folder (it is created if missing)");
        }
        requireWritableFolder(flag, dir, dir.toAbsolutePath());
    }

    /** Probes the nearest existing folder of {@code folder} by creating and deleting a hidden temporary file. */
    private static void requireWritableFolder(String flag, Path value, Path folder) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new InvalidSpecException(flag.substring(2), flag + " " + value + ": " + existing + " is not a folder");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".convmatrix-probe-", ".tmp"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new InvalidSpecException(flag.substring(2), flag + " " + value + " cannot be written: no file can be "
                    + "created in " + existing + " (" + reason(e) + ")");
        }
    }

    /** @return the operating system's reason of a file error, without the path it names */
    static String reason(Exception e) {
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** @return an error naming {@code flag} and its value for a failed write of {@code target} */
    static InvalidSpecException writeFailed(String flag, Path target, IOException e) {
        return new InvalidSpecException(flag.substring(2), flag + " " + target + " could not be written: " + reason(e));
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
        try {
            AtomicFiles.write(out, stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                TensorJson.write(t, w);
                w.flush();
            });
        } catch (IOException e) {
            throw writeFailed("--out", out, e);
        }
    }
}
