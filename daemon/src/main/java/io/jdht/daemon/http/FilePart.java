package io.jdht.daemon.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One part of a {@code multipart/form-data} body, already received in full: small parts are held
 * in memory, large ones in a temporary file that the server deletes when the request is over. Read
 * it with {@link #open()} (as often as needed) while the command runs.
 */
public final class FilePart {
    private final String name;
    private final String filename;
    private final String contentType;
    private final long size;
    private final byte[] memory; // null when the data is on disk
    private final Path file; // null when the data is in memory

    private FilePart(String name, String filename, String contentType, long size, byte[] memory, Path file) {
        this.name = name;
        this.filename = filename;
        this.contentType = contentType;
        this.size = size;
        this.memory = memory;
        this.file = file;
    }

    static FilePart inMemory(String name, String filename, String contentType, byte[] data) {
        return new FilePart(name, filename, contentType, data.length, data, null);
    }

    static FilePart onDisk(String name, String filename, String contentType, long size, Path file) {
        return new FilePart(name, filename, contentType, size, null, file);
    }

    /** The form field name ({@code file} from kubo-rpc-client). */
    public String name() {
        return name;
    }

    /** The file name the client gave; often empty. */
    public String filename() {
        return filename;
    }

    /** The part's content type; {@code application/octet-stream} when the client gave none. */
    public String contentType() {
        return contentType;
    }

    public long size() {
        return size;
    }

    /** The temporary file holding the data, if it was too large to keep in memory. */
    public Optional<Path> path() {
        return Optional.ofNullable(file);
    }

    /** A fresh stream over the data. */
    public InputStream open() throws IOException {
        return memory != null ? new ByteArrayInputStream(memory) : Files.newInputStream(file);
    }

    /**
     * The whole data, refusing more than {@code limit} bytes with a client error (a command that
     * expects a small value should not load a huge upload into memory).
     */
    public byte[] readAll(int limit) throws IOException {
        if (size > limit) {
            throw ApiError.client("file " + (name.isEmpty() ? "" : "'" + name + "' ") + "is larger than " + limit + " bytes");
        }
        if (memory != null) {
            return memory.clone();
        }
        try (InputStream in = open()) {
            return in.readNBytes(limit);
        }
    }

    @Override
    public String toString() {
        return "FilePart(" + name + ", " + filename + ", " + contentType + ", " + size + " bytes" + (file != null ? ", on disk" : "") + ")";
    }
}
