package caravel.backups;

import caravel.store.FileModes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Backups in a folder of the platform's disk (RELAY_BACKUP_DIR): folders 0700 and files 0600 as {@link FileModes}
 * makes them (a backup holds every member's key and the relay's settings), each file written under a temporary name
 * and renamed into place, so a reader never sees half a file.
 */
public final class LocalBackupStorage implements BackupStorage {
    private final Path root;

    public LocalBackupStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String kind() {
        return "local";
    }

    private Path at(String key) {
        return root.resolve(BackupStorage.checkKey(key));
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = at(key);
        FileModes.createPrivateDirectories(target.getParent());
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial-" + UUID.randomUUID());
        try {
            FileModes.createPrivateFile(partial);
            // written into the 0600 file made above: a copy that replaced it would take the source's mode
            try (var out = Files.newOutputStream(partial, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                Files.copy(file, out);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return Files.newInputStream(at(key));
        } catch (NoSuchFileException e) {
            throw new IOException("the file " + key + " is not in the backup folder");
        }
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        Path dir = at(prefix);
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
