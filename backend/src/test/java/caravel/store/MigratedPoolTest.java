package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.OldSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every pooled connection sees the schema the migrations left. A SQLite connection keeps the schema it read until a
 * statement fails in a way that makes it look again, and an upsert whose conflict target is a key a migration rebuilt
 * (V98: nip98_seen keyed by (expires_at, event_id) instead of event_id) fails on an old copy without looking: a
 * connection that read the schema while Flyway was migrating refused every NIP-98 request it served.
 */
@Tag("sqlite") // SQLite's per-connection schema copy
class MigratedPoolTest {
    @TempDir
    Path dir;

    @Test
    void everyPooledConnectionPreparesAnUpsertOnATableAMigrationRebuilt() throws Exception {
        Path file = dir.resolve("caravel.db");
        OldSchema.at(file, "97"); // the replay table still keyed by its event id
        try (Database db = new Database(file)) {
            List<Connection> held = new ArrayList<>();
            try {
                // the whole pool at once (8 at most), so a connection opened during the migration is among them if
                // it stayed
                for (int i = 0; i < 8; i++) held.add(db.dataSource().getConnection());
                for (Connection c : held) {
                    try (PreparedStatement st = c.prepareStatement("INSERT INTO nip98_seen (event_id, expires_at)"
                            + " VALUES (?, ?) ON CONFLICT (expires_at, event_id) DO NOTHING RETURNING event_id")) {
                        st.setString(1, "e" + held.indexOf(c));
                        st.setLong(2, 1);
                        try (var rs = st.executeQuery()) {
                            assertThat(rs.next()).isTrue();
                        }
                    }
                }
            } finally {
                for (Connection c : held) c.close();
            }
        }
    }
}
