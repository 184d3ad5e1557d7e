package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.domain.Actor;
import caravel.store.ActivityLog;
import caravel.store.Database;
import caravel.testing.BothDatabases;
import caravel.testing.TestDatabases;
import java.io.BufferedWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export is streamed with bounded memory: the activity log is read {@link ActivityExport#BATCH} rows at a time,
 * and each batch has reached the client before the next one is queried, so neither the rows nor the file grow in
 * memory with the export's size. Rows long enough that a batch fits the route's 64 KiB buffer: an export that held
 * its batches until the end (no flush per batch) or read every row at once fails here.
 */
@BothDatabases
class ActivityExportStreamTest {
    @TempDir
    Path dir;

    @Test
    void eachBatchReachesTheClientBeforeTheNextIsQueried() throws Exception {
        int rows = 2 * ActivityExport.BATCH + 200;
        String padding = "x".repeat(90);
        try (Database db = TestDatabases.open(dir.resolve("caravel.db"))) {
            ActivityLog log = new ActivityLog(db.jdbi());
            db.jdbi().useTransaction(h -> {
                for (int i = 0; i < rows; i++)
                    log.add(h, "tenant", "relay", "bulk", i + " " + padding, Actor.SYSTEM, 100);
            });
            StringWriter client = new StringWriter();
            List<Integer> batchSizes = new ArrayList<>();
            List<Long> linesSentBefore = new ArrayList<>();
            ActivityExport.Source activity =
                    (from, to, batch, each) -> log.eachBetween("relay", Set.of(), from, to, batch, read -> {
                        // this batch was just queried: what had the client received by then?
                        batchSizes.add(read.size());
                        linesSentBefore.add(client.toString().lines().count());
                        each.accept(read.stream().map(ActivityExport.Line::of).toList());
                    });
            try (var out = new BufferedWriter(client, 1 << 16)) {
                ActivityExport.write(
                        out,
                        ActivityExport.Format.CSV,
                        ActivityExport.range("1970-01-01", "1970-01-01", java.time.Instant.EPOCH),
                        List.of(activity));
            }
            int b = ActivityExport.BATCH;
            assertThat(batchSizes).as("rows held at once").containsExactly(b, b, 200);
            // the header and every earlier batch had left before each query after the first
            assertThat(linesSentBefore).containsExactly(0L, 1L + b, 1L + 2L * b);
            assertThat(client.toString().lines()).hasSize(1 + rows);
        }
    }
}
