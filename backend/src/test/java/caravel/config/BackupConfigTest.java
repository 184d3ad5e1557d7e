package caravel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.testing.TestEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BACKUP_DIR, BACKUP_EVERY, BACKUP_KEEP; and the database path the backup commands read on their own. */
class BackupConfigTest {
    Map<String, String> env() {
        Map<String, String> e = new HashMap<>(TestEnv.env(Path.of("/tmp/caravel-config-test"), 2892));
        e.put("DATABASE_URL", "sqlite:///tmp/caravel-config-test/caravel.db"); // settings read, no database opened
        return e;
    }

    @Test
    void offUnlessBackupDirIsSetWithDefaultsOtherwise() {
        assertThat(Config.fromEnv(env()).backups()).isEmpty();
        Map<String, String> e = env();
        e.put("BACKUP_DIR", "backups/");
        Config.BackupSchedule b = Config.fromEnv(e).backups().orElseThrow();
        assertThat(b.dir()).isEqualTo(Path.of("backups").toAbsolutePath());
        assertThat(b.every()).isEqualTo(Duration.ofHours(24));
        assertThat(b.keep()).isEqualTo(7);
        e.put("BACKUP_EVERY", "6h");
        e.put("BACKUP_KEEP", "30");
        assertThat(Config.fromEnv(e).backups().orElseThrow())
                .isEqualTo(new Config.BackupSchedule(Path.of("backups").toAbsolutePath(), Duration.ofHours(6), 30));
        for (var c : Map.of("90s", Duration.ofSeconds(90), "30m", Duration.ofMinutes(30), "7d", Duration.ofDays(7))
                .entrySet()) {
            e.put("BACKUP_EVERY", c.getKey());
            assertThat(Config.fromEnv(e).backups().orElseThrow().every()).isEqualTo(c.getValue());
        }
    }

    @Test
    void mistakesNameTheVariable() {
        for (String n : new String[] {"BACKUP_EVERY", "BACKUP_KEEP"}) {
            Map<String, String> e = env();
            e.put(n, "3");
            assertThatThrownBy(() -> Config.fromEnv(e)).hasMessage(n + " is set but BACKUP_DIR is not");
        }
        for (String every : new String[] {"24", "1 h", "10s", "-1h", "1w", "h", "99999999999h"}) {
            Map<String, String> e = env();
            e.put("BACKUP_DIR", "/var/backups/caravel");
            e.put("BACKUP_EVERY", every);
            assertThatThrownBy(() -> Config.fromEnv(e))
                    .as(every)
                    .hasMessageStartingWith("BACKUP_EVERY must be a duration of at least a minute");
        }
        for (String keep : new String[] {"0", "-2", "many", "1.5"}) {
            Map<String, String> e = env();
            e.put("BACKUP_DIR", "/var/backups/caravel");
            e.put("BACKUP_KEEP", keep);
            assertThatThrownBy(() -> Config.fromEnv(e))
                    .as(keep)
                    .hasMessage("BACKUP_KEEP must be a whole number of at least 1");
        }
    }

    @Test
    void theDatabasePathNeedsNothingButDatabaseUrl() {
        assertThat(Config.databasePath(Map.of("DATABASE_URL", "sqlite:///srv/caravel/caravel.db", "PORT", "x")))
                .isEqualTo(Path.of("/srv/caravel/caravel.db"));
        assertThat(Config.databasePath(Map.of()))
                .isEqualTo(Path.of("data/caravel.db").toAbsolutePath());
        assertThatThrownBy(() -> Config.databasePath(Map.of("DATABASE_URL", "postgres://db/x")))
                .hasMessageContaining("DATABASE_URL");
    }
}
