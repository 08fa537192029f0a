package io.jdht.daemon.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The MVStore file and its commit marker, opened so that a damaged or busy file is reported, never
 * papered over.
 *
 * <p>MVStore survives a torn write by going back to the last chunk that reads correctly. That is
 * right after a power loss, but it also means a file that lost its tail (truncated, or a bad
 * checksum in the last chunks) opens without complaint and with older data. To notice, the
 * writer records the last committed version in a small marker file next to the store (at most once
 * a second, and at close); a store that opens at an older version than the marker says is refused.
 *
 * <p>Opening goes in two steps: read-only first, to check the header, the format and the marker
 * without writing a byte, then read-write. So a refused file is left exactly as it was.
 */
final class StoreFile {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreFile.class);
    static final String FILE_NAME = "datastore.mv.db";
    static final String MARKER_NAME = "datastore.committed";
    /** The layout this code writes; a higher one was written by a newer jdht. */
    static final int FORMAT = 1;
    static final String FORMAT_KEY = "format";
    /** The map of facts about the store itself (its format). */
    static final String META_MAP = "meta";

    final Path file;
    final Path marker;
    final MVStore store;

    private StoreFile(Path file, Path marker, MVStore store) {
        this.file = file;
        this.marker = marker;
        this.store = store;
    }

    /** Opens the store in the folder (creating both if absent), or throws a {@link DatastoreException}. */
    static StoreFile open(Path folder) {
        Path file = folder.resolve(FILE_NAME).toAbsolutePath();
        Path marker = folder.resolve(MARKER_NAME).toAbsolutePath();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DatastoreException.Unreadable(file, "its folder cannot be created: " + e, e);
        }
        OptionalLong committed = readMarker(file, marker);
        boolean hasData = Files.exists(file) && size(file) > 0;
        if (!hasData && committed.isPresent()) {
            throw new DatastoreException.Unreadable(file, "the file is " + (Files.exists(file) ? "empty" : "missing")
                    + " although version " + committed.getAsLong() + " was committed to it", null);
        }
        if (hasData) {
            check(file, committed);
        }
        MVStore store;
        try {
            store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        } catch (RuntimeException e) {
            throw translate(file, e);
        }
        if (meta(store).get(FORMAT_KEY) == null) {
            meta(store).put(FORMAT_KEY, Integer.toString(FORMAT));
            store.commit();
        }
        return new StoreFile(file, marker, store);
    }

    /** The read-only look: the header parses, the format is ours, no commit the marker knows of is missing. */
    private static void check(Path file, OptionalLong committed) {
        try (MVStore ro = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            String format = ro.hasMap(META_MAP) ? meta(ro).get(FORMAT_KEY) : null;
            if (format == null && ro.getCurrentVersion() == 0) {
                return; // created, then stopped before its first commit: nothing in it to lose
            }
            if (format == null) {
                throw new DatastoreException.Unreadable(file, "it is an MVStore file but not a jdht datastore", null);
            }
            if (Integer.parseInt(format) > FORMAT) {
                throw new DatastoreException.Unreadable(file, "it was written by a newer jdht (format " + format
                        + "; this one reads format " + FORMAT + ")", null);
            }
            long version = ro.getCurrentVersion();
            if (committed.isPresent() && version < committed.getAsLong()) {
                throw new DatastoreException.Unreadable(file, "it opens at version " + version + " but version "
                        + committed.getAsLong() + " was committed to it, so its last changes are lost (the file was"
                        + " truncated or its end is damaged; after a power loss or a system crash this can be the"
                        + " disk not having kept the last writes: to accept the older state, delete " + file.resolveSibling(MARKER_NAME)
                        + ")", null);
            }
        } catch (DatastoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(file, e);
        }
    }

    private static org.h2.mvstore.MVMap<String, String> meta(MVStore s) {
        return s.openMap(META_MAP, new org.h2.mvstore.MVMap.Builder<String, String>()
                .keyType(org.h2.mvstore.type.StringDataType.INSTANCE).valueType(org.h2.mvstore.type.StringDataType.INSTANCE));
    }

    static DatastoreException translate(Path file, RuntimeException e) {
        if (e instanceof MVStoreException m && m.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
            return new DatastoreException.InUse(file, e);
        }
        return new DatastoreException.Unreadable(file, describe(e), e);
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DatastoreException.Unreadable(file, "its size cannot be read: " + e, e);
        }
    }

    private static OptionalLong readMarker(Path file, Path marker) {
        if (!Files.exists(marker)) {
            return OptionalLong.empty();
        }
        try {
            String text = Files.readString(marker, StandardCharsets.US_ASCII).strip();
            return OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            throw new DatastoreException.Unreadable(file, "its commit marker " + marker + " cannot be read: " + e, e);
        }
    }

    /**
     * Records that {@code version} is committed. Written to a temporary file and renamed over the
     * marker, so a crash mid-write leaves the old marker, never half a number. Not forced to disk:
     * the marker guards against a store that lost data, so it must never claim more than the store
     * file holds after a process crash (and the OS keeps both then).
     */
    void writeMarker(long version) throws IOException {
        Path tmp = marker.resolveSibling(MARKER_NAME + ".tmp");
        Files.writeString(tmp, Long.toString(version) + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Below this share of live data in the file, a closed store is rewritten compactly. */
    static final int COMPACT_BELOW_FILL_PERCENT = 50;
    /** Files smaller than this are left as they are: the copy would save too little to matter. */
    static final long COMPACT_ABOVE_BYTES = 16L << 20;

    /**
     * Rewrites a closed store that is mostly dead space into a compact copy. MVStore writes every
     * commit as new chunks and keeps the chunks it frees for its retention time (45 s) before it
     * reuses them, so a burst of writes (a bulk load, a busy minute) leaves a file many times the
     * size of its live data, whose tail it cannot give back while open. The copy holds only live
     * pages. The commit marker is removed first and written for the copy's version afterwards, so
     * a crash in between leaves a store that opens (without the rollback check) rather than one
     * refused as older than its marker; a crash during the copy leaves the original file intact.
     *
     * @param fillRate the percentage of live data in the file when it was closed
     */
    void compactIfSparse(int fillRate) {
        try {
            if (fillRate >= COMPACT_BELOW_FILL_PERCENT || Files.size(file) <= COMPACT_ABOVE_BYTES) {
                return;
            }
            long before = Files.size(file);
            Files.deleteIfExists(marker);
            MVStore.compact(file.toString(), false, null);
            long version;
            try (MVStore ro = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
                version = ro.getCurrentVersion();
            }
            writeMarker(version);
            LOG.info("datastore {}: compacted from {} MB to {} MB ({}% was live)", file, before >> 20, Files.size(file) >> 20,
                    fillRate);
        } catch (IOException | RuntimeException e) {
            LOG.warn("datastore {}: could not compact it at close (it stays as it is): {}", file, e.toString());
        }
    }

    /** Closes the file without writing anything (used when opening fails half-way). */
    void abandon() {
        try {
            store.closeImmediately();
        } catch (RuntimeException ignored) {
            // already failing: the original error is the one to report
        }
    }
}
