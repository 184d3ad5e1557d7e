package caravel.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only files and folders for the database, its backups and its lock. The database holds every tenant's sealed
 * secrets and the platform's history, so nobody but the service's own user reads it, whatever the process umask.
 * SQLite gives the -wal and -shm files it creates the database file's own mode, so a 0600 database keeps them 0600
 * too. On a file system without POSIX modes these are plain creations.
 */
public final class FileModes {
    public static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private FileModes() {}

    /**
     * Creates {@code dir} and any missing parents, each one Caravel creates 0700; folders that already exist keep
     * their mode (an operator may share one on purpose).
     */
    public static void createPrivateDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) return;
        if (Files.exists(abs)) throw new java.nio.file.FileSystemException(abs.toString(), null, "not a folder");
        Path parent = abs.getParent();
        if (parent != null) createPrivateDirectories(parent);
        try {
            if (POSIX) Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            else Files.createDirectory(abs);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) throw e; // a file in the way is an error; a racing mkdir is not
        }
    }

    /** Creates an empty file readable and writable by its owner only; fails if it exists. */
    public static void createPrivateFile(Path file) throws IOException {
        if (POSIX) Files.createFile(file, ownerOnly());
        else Files.createFile(file);
    }

    /**
     * Takes group and other permissions away from an existing file (databases made before Caravel created them 0600).
     * Returns true when the mode changed. A file owned by another user cannot be changed: the IOException says so.
     */
    public static boolean tighten(Path file) throws IOException {
        if (!POSIX || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return false;
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> kept = java.util.EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : now)
            if (p == PosixFilePermission.OWNER_READ
                    || p == PosixFilePermission.OWNER_WRITE
                    || p == PosixFilePermission.OWNER_EXECUTE) kept.add(p);
        if (kept.equals(now)) return false;
        Files.setPosixFilePermissions(file, kept);
        return true;
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(OWNER_FILE);
    }

    /** Flushes a folder's entries (a rename or a new file in it) to disk; a no-op where folders cannot be opened. */
    static void syncDirectory(Path dir) {
        try (var ch = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems refuse fsync on a folder; the rename itself is still atomic there
        }
    }

    /** Flushes a file's content to disk before it is renamed into place. */
    static void syncFile(Path file) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
