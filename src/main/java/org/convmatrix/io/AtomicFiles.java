package org.convmatrix.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files atomically: the content goes to a temporary file in the target's folder, which is
 * renamed over the target only once complete and forced to disk. An interrupted or failed write leaves
 * the old file (or none), never part of a file. The temporary file ({@code .name.<n>.tmp} beside the
 * target) is deleted when the write ends, and by a shutdown hook when the JVM exits meanwhile (normal
 * exit, SIGTERM, SIGINT: see {@link TempFiles}); only SIGKILL or a crash of the JVM leaves it behind.
 * Thread-safe.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** The content of a file, written to a stream. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content; the stream is closed by the caller. */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to {@code target} atomically, creating missing parent folders.
     *
     * @throws IOException when writing or renaming fails, naming {@code target} (not the temporary file) and
     *     the system's reason; the target is then untouched
     */
    public static void write(Path target, Content content) throws IOException {
        writeVia(target, tmp -> {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
            }
        });
    }

    /** The content of a file, written by a library that takes a path (e.g. a zip writer). */
    @FunctionalInterface
    public interface FileContent {
        /** Writes the whole content to {@code file}, which exists (empty) and may be replaced. */
        void writeTo(Path file) throws IOException;
    }

    /**
     * Writes a file atomically through a writer that needs a path: {@code content} writes a temporary
     * file in the target's folder, which is forced to disk and renamed to {@code target}.
     *
     * @throws IOException when writing or renaming fails, naming {@code target} (not the temporary file) and
     *     the system's reason; the target is then untouched
     */
    public static void writeVia(Path target, FileContent content) throws IOException {
        try {
            writeViaTemporary(target, content);
        } catch (java.nio.file.FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            throw (IOException) new java.nio.file.FileSystemException(target.toString(), null, reason).initCause(e);
        } catch (IOException e) {
            throw new IOException(target + ": " + e.getMessage(), e);
        }
    }

    private static void writeViaTemporary(Path target, FileContent content) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new java.nio.file.FileSystemException(target + " is a folder; give a file name");
        }
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        TempFiles.track(tmp);
        try {
            readableByAll(tmp);
            content.writeTo(tmp);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true); // the content is on disk before the rename makes it the target
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            syncFolder(dir);
        } finally {
            Files.deleteIfExists(tmp);
            TempFiles.untrack(tmp);
        }
    }

    /** Makes the rename durable where the platform allows opening a folder (Linux); elsewhere a no-op. */
    private static void syncFolder(Path dir) {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported here (Windows cannot open a folder): the rename stands, only its durability waits
        }
    }

    /** A temporary file is private (rw-------); the finished file gets the usual rw-r--r--. */
    private static void readableByAll(Path tmp) throws IOException {
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Writes UTF-8 text atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
