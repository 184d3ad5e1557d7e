package caravel.backups;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where backups' files are kept: the platform's data folder ({@link LocalBackupStorage}) or an S3-compatible bucket
 * ({@link S3BackupStorage}). Keys are relative, slash-separated paths made by this package alone
 * ({@code <relay id>/<backup id>/<file>}); a failure is an IOException whose message says what the storage answered,
 * never a credential.
 */
public interface BackupStorage {
    /** "local" or "s3", as the backups table records it. */
    String kind();

    /** Stores the file's bytes under the key, replacing what was there; the file itself is left alone. */
    void put(String key, Path file) throws IOException;

    /** The bytes stored under the key, streamed; the caller closes it. */
    InputStream open(String key) throws IOException;

    /** Removes every key under the prefix (a backup's folder); nothing there is not an error. */
    void deleteAll(String prefix) throws IOException;

    /** A key is made of path segments of letters, digits, dot, dash and underscore: nothing can climb out. */
    static String checkKey(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/"))
            throw new IllegalArgumentException("not a backup key: " + key);
        for (String part : key.split("/", -1))
            if (!part.matches("[A-Za-z0-9_.-]+") || part.equals(".") || part.equals(".."))
                throw new IllegalArgumentException("not a backup key: " + key);
        return key;
    }
}
