package caravel.live;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.store.Database;
import caravel.testing.BothDatabases;
import caravel.testing.TestDatabases;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change feed hears this process's writes at once: a commit nudges it to read, so an open page does not wait for
 * the feed's poll. The poll here is an hour long: only the nudge can wake the stream within the test.
 */
@BothDatabases
class ChangeFeedTest {
    static final long NEVER = TimeUnit.HOURS.toMillis(1);

    @TempDir
    Path dir;

    /** A write to the tenant's activity, in a transaction or on its own: what bumps its version (migration V40). */
    static void write(Jdbi jdbi, String tenant, boolean inTransaction) {
        String sql = "INSERT INTO activity (tenant, relay, kind, message, actor, created_at) VALUES (?, 'r', 'k', 'm',"
                + " 'system', 1)";
        if (inTransaction) jdbi.useTransaction(h -> h.execute(sql, tenant));
        else jdbi.useHandle(h -> h.execute(sql, tenant));
    }

    @Test
    void aCommittedWriteWakesTheTenantsStreamWithoutWaitingForThePoll() throws Exception {
        try (Database db = TestDatabases.open(dir.resolve("feed.db"));
                ChangeFeed feed = new ChangeFeed(db.jdbi(), NEVER)) {
            db.commits().listen(feed::nudge);
            for (boolean inTransaction : new boolean[] {true, false}) {
                try (ChangeFeed.Subscription sub = feed.subscribe("tenant-a")) {
                    // the feed's first read takes the latest version as its start: a write it read there is not a
                    // change to it, so writes are made until one is told (each is read at once, or never)
                    boolean told = false;
                    for (int i = 0; i < 50 && !told; i++) {
                        write(db.jdbi(), "tenant-a", inTransaction);
                        told = sub.awaitChange(1_000);
                    }
                    assertThat(told)
                            .as("a write %s told", inTransaction ? "in a transaction" : "on its own")
                            .isTrue();
                }
            }
        }
    }
}
