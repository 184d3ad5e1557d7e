package caravel.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who has the database open, told by an OS file lock on {@code <db>.lock}: every running service holds a shared lock
 * (several processes may share one database), a restore holds the exclusive one. The kernel drops the lock when its
 * process ends in any way, SIGKILL and power loss included, so a crash never leaves a stale lock behind as a PID file
 * or the mere existence of a lock file would, and a closed port proves nothing about a service that listens on
 * another address. The lock is on a file of its own, never on the database: POSIX locks are per process, and closing
 * any descriptor of a file would drop SQLite's own locks on it.
 *
 * <p>The JVM refuses two overlapping locks on one file even when both are shared, so the locks this process holds
 * are counted here: two Apps on one database in a test share one OS lock.
 */
public final class DatabaseLock implements AutoCloseable {
    private static final Map<Path, Held> HELD = new HashMap<>();

    private static final class Held {
        final FileChannel channel;
        final FileLock lock;
        int users = 1;

        Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }
    }

    private final Path file;
    private boolean closed;

    private DatabaseLock(Path file) {
        this.file = file;
    }

    /** The lock file of a database: {@code <db>.lock} beside it. */
    public static Path lockFile(Path db) {
        Path abs = db.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".lock");
    }

    /** What a running service holds; empty when a restore holds the database. */
    public static Optional<DatabaseLock> shared(Path db) throws IOException {
        return acquire(db, true);
    }

    /** What a restore holds; empty when any service (in this process or another) has the database open. */
    public static Optional<DatabaseLock> exclusive(Path db) throws IOException {
        return acquire(db, false);
    }

    private static synchronized Optional<DatabaseLock> acquire(Path db, boolean shared) throws IOException {
        Path file = key(lockFile(db));
        Held held = HELD.get(file);
        if (held != null) {
            if (!shared || !held.lock.isShared()) return Optional.empty();
            held.users++;
            return Optional.of(new DatabaseLock(file));
        }
        if (!Files.exists(file)) {
            try {
                FileModes.createPrivateFile(file);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another process made it first: the same file
            }
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException | IOException e) {
            ch.close();
            if (e instanceof IOException io) throw io;
            return Optional.empty();
        }
        if (lock == null) {
            ch.close();
            return Optional.empty();
        }
        HELD.put(file, new Held(ch, lock));
        return Optional.of(new DatabaseLock(file));
    }

    /** The lock file by its real folder, so two spellings of one path share one entry. */
    private static Path key(Path lockFile) throws IOException {
        Path parent = lockFile.getParent();
        return parent == null ? lockFile : parent.toRealPath().resolve(lockFile.getFileName());
    }

    @Override
    public void close() {
        synchronized (DatabaseLock.class) {
            if (closed) return;
            closed = true;
            Held held = HELD.get(file);
            if (held == null || --held.users > 0) return;
            HELD.remove(file);
            try {
                held.lock.release();
                held.channel.close();
            } catch (IOException e) {
                // closing the channel drops the lock in any case
            }
        }
    }
}
