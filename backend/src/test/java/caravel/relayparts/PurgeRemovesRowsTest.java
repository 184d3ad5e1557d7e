package caravel.relayparts;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.domain.Actor;
import caravel.nostr.Keys;
import caravel.store.Relay;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A purge removes the relay's community state from Caravel's database for good: every table below gets a row for the
 * purged relay and one for a neighbour, the parts' PURGED reactions run in one transaction (as the purge job runs
 * them), and only the purged relay's rows are gone. The rows are written straight into the tables, with every column
 * a row needs, so the test holds whatever each table's service would have written.
 */
@BothDatabases
class PurgeRemovesRowsTest {
    @TempDir
    static Path dir;

    static TestBackend backend;

    /** Each table a purge empties of the relay's rows, and the column that holds the relay's id. */
    static final Map<String, String> REMOVED = new LinkedHashMap<>();

    static {
        for (String t : List.of(
                "relay_team",
                "relay_transfers",
                "relay_names",
                "relay_members",
                "moderation_items",
                "moderation_reports",
                "moderation_settings",
                "automod_settings",
                "automod_terms",
                "automod_removals",
                "automod_members",
                "automod_notices",
                "relay_join_settings",
                "join_requests",
                "relay_domains",
                "member_changes")) REMOVED.put(t, "relay_id");
        for (String t : List.of(
                "relay_ban_terms",
                "community_reports",
                "community_event_bans",
                "community_member_adds",
                "community_cap_refusals",
                "domain_redirects")) REMOVED.put(t, "relay");
    }

    /** Values for the columns a CHECK holds to a list. */
    static final Map<String, Object> CHECKED = Map.of(
            "relay_team.role", "admin",
            "relay_names.assigned_by", "owner",
            "moderation_items.state", "waiting",
            "join_requests.source", "page",
            "join_requests.status", "pending",
            "relay_domains.state", "pending");

    static final AtomicLong unique = new AtomicLong();

    @BeforeAll
    static void start() {
        backend = new TestBackend(dir);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    static Relay newRelay(String sub) {
        Api.Response r = backend.api.as(
                Keys.generate(), "POST", "/relays", "{\"name\":\"P\",\"subdomain\":\"" + sub + "\",\"plan\":\"free\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return Inside.of(backend.app)
                .relayStore()
                .find(r.json().at("/relay/id").asText())
                .orElseThrow();
    }

    /** The columns of {@code table} a row must be given (not null, no default): name to whether it is a number. */
    static Map<String, Boolean> requiredColumns(String table) throws Exception {
        Map<String, Boolean> out = new TreeMap<>();
        try (Connection c = Inside.of(backend.app).db().dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet cols = meta.getColumns(null, null, table, "%")) {
                while (cols.next()) {
                    boolean required =
                            "NO".equals(cols.getString("IS_NULLABLE")) && cols.getString("COLUMN_DEF") == null;
                    String type = cols.getString("TYPE_NAME").toLowerCase(java.util.Locale.ROOT);
                    if (required)
                        out.put(
                                cols.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT),
                                type.contains("int") || type.contains("serial"));
                }
            }
        }
        assertThat(out).as("columns of %s", table).isNotEmpty();
        return out;
    }

    /** One row of {@code table} for {@code relayId}: a 64-hex text in each text column (unique), 1 in each number. */
    static void fill(Handle h, String table, String relayColumn, String relayId, Map<String, Boolean> columns) {
        List<String> names = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (var col : columns.entrySet()) {
            if (col.getKey().equals("id") && col.getValue()) continue; // generated
            names.add(col.getKey());
            Object checked = CHECKED.get(table + "." + col.getKey());
            if (col.getKey().equals(relayColumn)) values.add(relayId);
            else if (checked != null) values.add(checked);
            else if (col.getValue()) values.add(1L);
            else values.add(hex64());
        }
        if (!names.contains(relayColumn)) {
            names.add(relayColumn);
            values.add(relayId);
        }
        String sql = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                + String.join(", ", names.stream().map(n -> "?").toList()) + ")";
        h.execute(sql, values.toArray());
    }

    static String hex64() {
        byte[] b = new byte[32];
        long n = unique.incrementAndGet();
        for (int i = 0; i < 8; i++) b[i] = (byte) (n >>> (8 * i));
        return HexFormat.of().formatHex(b);
    }

    static Map<String, Integer> counts(String relayId) {
        Map<String, Integer> out = new TreeMap<>();
        Inside.of(backend.app).db().jdbi().useHandle(h -> {
            for (var t : REMOVED.entrySet())
                out.put(
                        t.getKey(),
                        h.createQuery("SELECT count(*) FROM " + t.getKey() + " WHERE " + t.getValue() + " = ?")
                                .bind(0, relayId)
                                .mapTo(Integer.class)
                                .one());
        });
        return out;
    }

    @Test
    void thePurgeRemovesTheRelaysCommunityRowsAndLeavesItsNeighboursAndItsOwnRow() throws Exception {
        Relay purged = newRelay("purgedrows" + System.nanoTime() % 100000);
        Relay neighbour = newRelay("neighbour" + System.nanoTime() % 100000);
        Map<String, Map<String, Boolean>> columns = new LinkedHashMap<>();
        for (String t : REMOVED.keySet()) columns.put(t, requiredColumns(t));
        Inside.of(backend.app).db().jdbi().useTransaction(h -> {
            for (var t : REMOVED.entrySet()) {
                fill(h, t.getKey(), t.getValue(), purged.id(), columns.get(t.getKey()));
                fill(h, t.getKey(), t.getValue(), neighbour.id(), columns.get(t.getKey()));
            }
        });
        Map<String, Integer> one = new TreeMap<>();
        for (String t : REMOVED.keySet()) one.put(t, 1);
        assertThat(counts(purged.id())).as("the relay's rows before the purge").isEqualTo(one);

        Inside.of(backend.app)
                .db()
                .jdbi()
                .useTransaction(h -> Inside.of(backend.app)
                        .relayParts()
                        .react(h, Lifecycle.Event.of(Lifecycle.PURGED, purged, Actor.SYSTEM)));

        Map<String, Integer> none = new TreeMap<>();
        for (String t : REMOVED.keySet()) none.put(t, 0);
        assertThat(counts(purged.id())).as("the purged relay's rows").isEqualTo(none);
        assertThat(counts(neighbour.id())).as("the neighbour's rows").isEqualTo(one);
        assertThat(Inside.of(backend.app).relayStore().find(purged.id()))
                .as("the relay's own row stays (invoices and activity name it)")
                .isPresent();
    }
}
