package caravel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.domain.Plan;
import caravel.testing.TestEnv;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RELAY_BACKUP_DIR, RELAY_BACKUP_S3_*, RESTORE_EVENTS_COMMAND, and the plans' {@code backups} field. */
class RelayBackupConfigTest {
    Map<String, String> env() {
        Map<String, String> e = new HashMap<>(TestEnv.env(Path.of("/tmp/caravel-config-test"), 2892));
        e.put("DATABASE_URL", "sqlite:///tmp/caravel-config-test/caravel.db");
        return e;
    }

    @Test
    void theDataFolderByDefaultAndABucketWhenConfigured() {
        Config.RelayBackups d = Config.fromEnv(env()).relayBackups();
        assertThat(d.dir()).isEqualTo(Path.of("/tmp/caravel-config-test/relay-backups"));
        assertThat(d.s3()).isEmpty();
        assertThat(d.restoreEventsCommand()).isEmpty();

        Map<String, String> e = env();
        e.put("RELAY_BACKUP_S3_BUCKET", "backups");
        e.put("RELAY_BACKUP_S3_ACCESS_KEY", "AK");
        e.put("RELAY_BACKUP_S3_SECRET_KEY", "very-secret");
        e.put("RELAY_BACKUP_S3_ENDPOINT", "http://127.0.0.1:9000/");
        e.put("RELAY_BACKUP_S3_PREFIX", "/caravel/");
        e.put("RESTORE_EVENTS_COMMAND", "/opt/caravel/restore-events  --fast");
        Config c = Config.fromEnv(e);
        Config.BackupS3 s3 = c.relayBackups().s3().orElseThrow();
        assertThat(s3.endpoint()).contains("http://127.0.0.1:9000");
        assertThat(s3.region()).isEqualTo("us-east-1");
        assertThat(s3.prefix()).isEqualTo("caravel");
        assertThat(c.relayBackups().restoreEventsCommand()).containsExactly("/opt/caravel/restore-events", "--fast");
        // the secret never appears where settings are printed
        assertThat(s3.toString()).doesNotContain("very-secret");
        assertThat(c.toString()).doesNotContain("very-secret");
    }

    @Test
    void aBucketWithoutItsKeysIsAMistake() {
        Map<String, String> e = env();
        e.put("RELAY_BACKUP_S3_BUCKET", "backups");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessageContaining("RELAY_BACKUP_S3_ACCESS_KEY");
    }

    @Test
    void plansSayHowManyBackupsAreKept() {
        Map<String, String> e = env();
        e.put(
                "PLANS",
                "[{\"id\":\"free\",\"name\":\"Free\",\"price\":0,\"backups\":3},"
                        + "{\"id\":\"big\",\"name\":\"Big\",\"price\":100}]");
        List<Plan> plans = Config.fromEnv(e).plans().all();
        assertThat(plans.get(0).backupsKept()).isEqualTo(3);
        assertThat(plans.get(1).backupsKept()).isEqualTo(Plan.DEFAULT_BACKUPS_KEPT);
        e.put("PLANS", "[{\"id\":\"free\",\"name\":\"Free\",\"price\":0,\"backups\":0}]");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessageContaining("backups must be a whole number");
    }
}
