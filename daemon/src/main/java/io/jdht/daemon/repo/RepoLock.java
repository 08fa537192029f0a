package io.jdht.daemon.repo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The daemon's hold on a repo: an OS lock on {@code <repo>/repo.lock} (the name Kubo uses), so a
 * second daemon on the same repo fails at once instead of fighting over the datastore. The OS
 * drops the lock when the process ends, however it ends, so a {@code kill -9} leaves no stale lock
 * behind; the file itself stays and holds the last holder's pid for the error message.
 */
public final class RepoLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RepoLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock.
     *
     * @throws RepoLockedException if another process (or this one) holds it
     */
    static RepoLock acquire(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = readHolder(file);
            ch.close();
            throw new RepoLockedException("another jdht daemon" + holder + " is running on the repo "
                    + file.getParent() + " (it holds " + file.getFileName() + "); stop it first, or give this one another --repo");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
        return new RepoLock(ch, lock);
    }

    private static String readHolder(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return pid.matches("\\d{1,10}") ? " (pid " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            lock.release();
            channel.close();
        }
    }

    /** The repo is in use by another daemon. */
    public static final class RepoLockedException extends IOException {
        RepoLockedException(String message) {
            super(message);
        }
    }
}
