package caravel.backups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups in the data folder: owner-only folders and files, whole files only, a backup's folder removed whole. */
class LocalBackupStorageTest {
    @TempDir
    Path dir;

    @Test
    void filesAreOwnerOnlyAndComeBackWhole() throws Exception {
        LocalBackupStorage s = new LocalBackupStorage(dir.resolve("relay-backups"));
        Path f = Files.writeString(dir.resolve("f"), "hello");
        s.put("relay1/b1/events.jsonl", f);
        Path stored = dir.resolve("relay-backups/relay1/b1/events.jsonl");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored.getParent())))
                .isEqualTo("rwx------");
        try (InputStream in = s.open("relay1/b1/events.jsonl")) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("hello");
        }
        // no temporary file is left beside it
        try (var list = Files.list(stored.getParent())) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactly("events.jsonl");
        }
        s.deleteAll("relay1/b1");
        assertThat(Files.exists(stored.getParent())).isFalse();
        assertThatThrownBy(() -> s.open("relay1/b1/events.jsonl"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not in the backup folder");
        assertThatThrownBy(() -> s.open("../outside")).isInstanceOf(IllegalArgumentException.class);
    }
}
