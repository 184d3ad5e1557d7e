package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The running service writes backups into BACKUP_DIR on its schedule, keeps the newest N, and fails visibly. */
@org.junit.jupiter.api.Tag("sqlite") // the SQLite file itself: left out of the PostgreSQL run
class ScheduledBackupsTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock();

    static List<String> names(Path folder) {
        try (var s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> backups(Path folder) {
        return names(folder).stream()
                .filter(n -> n.matches("caravel-2027[0-9]{4}T[0-9]{6}Z\\.db"))
                .toList();
    }

    TestBackend backend(Consumer<Map<String, String>> env) {
        return new TestBackend(dir, env, (caravel.Wallets) null, clock);
    }

    int jobs(TestBackend b, String status) {
        return Inside.of(b.app)
                .db()
                .jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT count(*) FROM jobs WHERE kind = 'backup.scheduled' AND status = :s")
                                .bind("s", status)
                                .mapTo(Integer.class)
                                .one());
    }

    @Test
    void backupsOnTheScheduleKeepingTheNewest() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("backups"));
        Files.writeString(folder.resolve("notes.txt"), "the operator's");
        Files.writeString(folder.resolve("caravel-manual.db"), "a backup made by hand");
        clock.set(Instant.parse("2027-03-01T10:00:00Z"));
        Consumer<Map<String, String>> env = e -> {
            e.put("BACKUP_DIR", folder.toString());
            e.put("BACKUP_EVERY", "1h");
            e.put("BACKUP_KEEP", "2");
        };
        List<String> made = new ArrayList<>();
        try (TestBackend b = backend(env)) {
            for (int run = 1; run <= 4; run++) {
                // the first at start (the folder has none yet), then one an hour of the service's clock
                if (run > 1) clock.advance(Duration.ofHours(1));
                List<String> fresh = Wait.until(
                        "backup " + run,
                        Duration.ofSeconds(20),
                        () -> backups(folder).stream()
                                .filter(n -> !made.contains(n))
                                .toList(),
                        n -> !n.isEmpty());
                assertThat(fresh).as("one backup per period").hasSize(1);
                made.addAll(fresh);
                // the run has queued its successor before the clock moves on (else it would be due an hour later)
                int done = run;
                Wait.until("backup run " + run + " recorded", Duration.ofSeconds(10), () -> jobs(b, "done") == done);
            }
            assertThat(made).isSorted().doesNotHaveDuplicates();
            Wait.until(
                    "the oldest pruned",
                    Duration.ofSeconds(10),
                    () -> names(folder),
                    n -> n.equals(List.of(made.get(2), made.get(3), "caravel-manual.db", "notes.txt")));
            // a scheduled backup is a sound, restorable database
            Restore.restore(folder.resolve(made.get(3)), dir.resolve("check/caravel.db"), clock.instant());
            assertThat(jobs(b, "queued")).as("exactly one next run").isEqualTo(1);
            assertThat(jobs(b, "failed")).isZero();
        }
        // a restart does not add a backup: the next one is due a period after the newest
        TestBackend again = backend(env);
        try {
            again.awaitJobsSettled(); // the backup job, if it were due, has run
            assertThat(backups(folder)).containsExactly(made.get(2), made.get(3));
        } finally {
            again.close();
        }
    }

    @Test
    void aFailedBackupIsRecordedAndTriedAgainWithinAnHour() throws Exception {
        Path inTheWay = Files.writeString(dir.resolve("in-the-way"), "a file where the folder should be");
        clock.set(Instant.parse("2027-03-01T10:00:00Z"));
        try (TestBackend b = backend(e -> {
            e.put("BACKUP_DIR", inTheWay.resolve("backups").toString());
            e.put("BACKUP_EVERY", "7d");
        })) {
            Wait.until("the backup job failed", Duration.ofSeconds(20), () -> jobs(b, "failed") == 1);
            String error = Inside.of(b.app)
                    .db()
                    .jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT last_error FROM jobs WHERE kind = 'backup.scheduled' AND status = 'failed'")
                            .mapTo(String.class)
                            .one());
            assertThat(error)
                    .startsWith("backup failed: cannot create the folder ")
                    .contains("in-the-way");
            long next = Inside.of(b.app)
                    .db()
                    .jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT run_at_ms FROM jobs WHERE kind = 'backup.scheduled' AND status = 'queued'")
                            .mapTo(Long.class)
                            .one());
            assertThat(next - clock.millis())
                    .as("the next attempt within the hour, not a week later")
                    .isBetween(
                            Duration.ofMinutes(59).toMillis(),
                            Duration.ofHours(1).toMillis());
        }
    }
}
