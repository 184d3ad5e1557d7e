package caravel.store;

import caravel.domain.RelayHold;
import caravel.domain.RelaySettings;
import caravel.domain.RelayStatus;
import caravel.domain.Setting;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.core.statement.StatementContext;

/** relays table. */
public final class RelayStore {
    private final Jdbi jdbi;
    private final javax.sql.DataSource dataSource;

    public RelayStore(Jdbi jdbi, javax.sql.DataSource dataSource) {
        this.jdbi = jdbi;
        this.dataSource = dataSource;
    }

    /** A relays row as a {@link Relay} ({@link RelayRows#map}). */
    static Relay map(ResultSet rs, StatementContext ctx) throws SQLException {
        return RelayRows.map(rs, ctx);
    }

    /** The owner's settings, as the relays service validated them; marks the row for a sync. */
    public void writeSettings(Handle h, String id, RelaySettings settings, long now) {
        Map<String, Object> values = new HashMap<>();
        for (Setting s : Setting.values()) values.put(s.wireName(), settings.stored(s) ? 1 : 0);
        values.put("now", now);
        values.put("id", id);
        h.createUpdate("UPDATE relays SET " + RelayRows.SETTINGS_ASSIGNMENTS
                        + ", sync_state = 'pending', updated_at = :now WHERE id = :id")
                .bindMap(values)
                .execute();
    }

    /** GET /relays/:id is the hottest read; it goes through plain JDBC (still a bound parameter). */
    public Optional<Relay> find(String id) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("SELECT * FROM relays WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs, null)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading relay " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a rendered relay view is checked against: the relay's tenant now and the tenant's version (raised by the
     * database's triggers, V77, with every write to the relay, the tenant, its invoices or the relay's domain; 0 before
     * the first). One primary-key read and one joined primary-key read, through plain JDBC as {@link #find(String)}.
     */
    public record ViewStamp(String tenant, long version) {}

    public Optional<ViewStamp> viewStamp(String id) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(
                        "SELECT r.tenant, v.version FROM relays r LEFT JOIN relay_view_versions v ON v.tenant = r.tenant"
                                + " WHERE r.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ViewStamp(rs.getString(1), rs.getLong(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the view version of relay " + id + ": " + e.getMessage(), e);
        }
    }

    /** The relays matching {@code where} (one of this class's literals, with positional parameters). */
    private static ResultIterable<Relay> relays(Handle h, String where, Object... args) {
        return h.select("SELECT * FROM relays WHERE " + where, args).map(RelayStore::map);
    }

    /** How many relays match {@code where} (one of this class's literals, with positional parameters). */
    private static int count(Handle h, String where, Object... args) {
        return h.select("SELECT count(*) FROM relays WHERE " + where, args)
                .mapTo(Integer.class)
                .one();
    }

    public Optional<Relay> find(Handle h, String id) {
        return relays(h, "id = ?", id).findOne();
    }

    public List<Relay> byTenant(Handle h, String tenant) {
        return relays(h, "tenant = ? ORDER BY created_at, id", tenant).list();
    }

    public boolean subdomainTaken(Handle h, String subdomain, String exceptId) {
        return count(h, "subdomain = ? AND id IS DISTINCT FROM ?", subdomain, exceptId) > 0;
    }

    public boolean schemaTaken(Handle h, String schema) {
        return count(h, "schema = ?", schema) > 0;
    }

    /** The tenant's relays that hold a place in its quota: a deleted relay frees its place at once (docs/deleting.md). */
    public int countByTenant(Handle h, String tenant) {
        return count(h, "tenant = ? AND deleted_at IS NULL", tenant);
    }

    /**
     * The tenant's deleted relays not purged yet (each still holds its subdomain), oldest window end first: how many,
     * and the one whose undo window ends first (null when there is none).
     */
    public record DeletedWaiting(int count, String firstSubdomain, Long firstUndoUntil) {}

    public DeletedWaiting deletedWaiting(Handle h, String tenant) {
        int n = count(h, "tenant = ? AND deleted_at IS NOT NULL AND purged_at IS NULL", tenant);
        if (n == 0) return new DeletedWaiting(0, null, null);
        return h.select(
                        "SELECT subdomain, undo_until FROM relays WHERE tenant = ? AND deleted_at IS NOT NULL"
                                + " AND purged_at IS NULL ORDER BY undo_until, deleted_at, created_at, id LIMIT 1",
                        tenant)
                .map((rs, ctx) -> new DeletedWaiting(n, rs.getString("subdomain"), rs.getLong("undo_until")))
                .one();
    }

    /** Every plan id a relay is on, or is moving to. */
    public List<String> plansInUse(Handle h) {
        return h.createQuery("""
                        SELECT plan FROM relays UNION SELECT pending_plan FROM relays WHERE pending_plan IS NOT NULL
                        UNION SELECT upgrade_plan FROM relays WHERE upgrade_plan IS NOT NULL""").mapTo(String.class).list();
    }

    /** Relays of the tenant on (or moving to) one of {@code freePlans}, the catalog's free plans. */
    public int countFreeByTenant(Handle h, String tenant, String exceptId, List<String> freePlans) {
        if (freePlans.isEmpty()) return 0;
        return h.createQuery(
                        "SELECT count(*) FROM relays WHERE tenant = :t AND (plan IN (<free>) OR pending_plan IN (<free>))"
                                + " AND deleted_at IS NULL AND id IS DISTINCT FROM :id")
                .bindList("free", freePlans)
                .bind("t", tenant)
                .bind("id", exceptId)
                .mapTo(Integer.class)
                .one();
    }

    /**
     * How many relays each zooid node holds, by the node name rows record (the null key: rows from before nodes, on
     * the default node). Every row counts, whatever its status: zooid keeps an inactive relay's config and data.
     */
    public java.util.Map<String, Long> countByNode(Handle h) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        h.createQuery("SELECT zooid_node, count(*) AS n FROM relays GROUP BY zooid_node")
                .map((rs, ctx) ->
                        java.util.Map.entry(java.util.Optional.ofNullable(rs.getString("zooid_node")), rs.getLong("n")))
                .forEach(e -> out.put(e.getKey().orElse(null), e.getValue()));
        return out;
    }

    /** {@link #countByNode(Handle)} in a handle of its own. */
    public java.util.Map<String, Long> heldByNode() {
        return jdbi.withHandle(this::countByNode);
    }

    /**
     * Records that the relay now lives on {@code node} (a move's switch). Its domain is written too, so the address
     * it was placed under stays its address whichever node serves it.
     */
    public void moveToNode(Handle h, String id, String node, String domain) {
        h.execute("UPDATE relays SET zooid_node = ?, relay_domain = ? WHERE id = ?", node, domain, id);
    }

    /**
     * The provisioned relays whose row names a node (rows naming none live on the default node), for the proxy's
     * routes; served by the zooid_node index.
     */
    public List<Relay> placedOnNodes() {
        return jdbi.withHandle(h -> relays(h, "zooid_node IS NOT NULL AND zooid_created = 1 ORDER BY id")
                .list());
    }

    /** Relays zooid was ever given (whatever their status now). */
    public int countProvisioned(Handle h) {
        return count(h, "zooid_created = 1");
    }

    /** For every relay of these tenants: whether zooid should be serving it now (active and provisioned). */
    public Map<String, Boolean> servedOf(Collection<String> tenants) {
        if (tenants.isEmpty()) return Map.of();
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, status = 'active' AND zooid_created = 1 AS served FROM relays WHERE tenant IN (<t>)")
                .bindList("t", List.copyOf(tenants))
                .reduceRows(new HashMap<String, Boolean>(), (m, row) -> {
                    m.put(row.getColumn("id", String.class), row.getColumn("served", Boolean.class));
                    return m;
                }));
    }

    /**
     * How many configs zooid took for each relay of these tenants (see recordSynced): a watcher whose subscription is
     * older than the latest write opens it again.
     */
    public Map<String, Long> configWritesOf(Collection<String> tenants) {
        if (tenants.isEmpty()) return Map.of();
        return jdbi.withHandle(h -> h.createQuery("SELECT id, config_writes FROM relays WHERE tenant IN (<t>)")
                .bindList("t", List.copyOf(tenants))
                .reduceRows(new HashMap<String, Long>(), (m, row) -> {
                    m.put(row.getColumn("id", String.class), row.getColumn("config_writes", Long.class));
                    return m;
                }));
    }

    /** How many configs zooid took for the relay (0 when there is no such relay). */
    public long configWrites(String id) {
        return jdbi.withHandle(h -> h.select("SELECT config_writes FROM relays WHERE id = ?", id)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }

    /**
     * Relays zooid should be serving now (active and provisioned). Named index on SQLite: its planner prefers the
     * status index, which reads every active relay's row (V44); PostgreSQL's planner takes the partial index itself.
     */
    public List<String> servedIds() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM relays "
                        + (Dialect.of(h) == Dialect.SQLITE ? "INDEXED BY relays_served " : "")
                        + "WHERE status = 'active' AND zooid_created = 1 ORDER BY created_at, id")
                .mapTo(String.class)
                .list());
    }

    /**
     * The domain of the relay with this subdomain when zooid should be serving it now (active and provisioned), else
     * empty: the question Caddy asks before it gets a certificate for a relay host. One lookup on the subdomain's unique
     * index. A row from before nodes records no domain: it is under {@code defaultDomain}.
     */
    public Optional<String> servedDomain(String subdomain, String defaultDomain) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT coalesce(relay_domain, ?) FROM relays WHERE subdomain = ? AND status = 'active' AND zooid_created = 1",
                        defaultDomain,
                        subdomain)
                .mapTo(String.class)
                .findOne());
    }

    /**
     * The relay with this subdomain when zooid should be serving it now (active and provisioned), else empty: a NIP-05
     * look-up at a relay host. One lookup on the subdomain's unique index.
     */
    public Optional<Relay> servedBySubdomain(String subdomain) {
        return jdbi.withHandle(h -> relays(h, "subdomain = ? AND status = 'active' AND zooid_created = 1", subdomain)
                .findOne());
    }

    /** The relay with this subdomain whatever its state (a join page names the relay by it). */
    public Optional<Relay> bySubdomain(String subdomain) {
        return jdbi.withHandle(h -> relays(h, "subdomain = ?", subdomain).findOne());
    }

    public List<String> idsByTenant(String tenant) {
        return jdbi.withHandle(h -> h.select("SELECT id FROM relays WHERE tenant = ?", tenant)
                .mapTo(String.class)
                .list());
    }

    /**
     * zooid accepted the config: remembers it (redacted) and that zooid has the relay. The row stays 'pending' when it
     * changed while zooid was being called ({@code unchanged} false): a newer sync job is queued for that change.
     */
    public void recordSynced(Handle h, String id, String redactedConfig, boolean unchanged, long now) {
        h.execute("""
                UPDATE relays SET zooid_created = 1, sync_error = NULL, sync_attempts = 0, config_writes = config_writes + 1,
                    synced_at = ?, synced_config = ?, sync_state = CASE WHEN ? THEN 'synced' ELSE 'pending' END
                WHERE id = ?""", now, redactedConfig, unchanged, id);
    }

    /** zooid refused or could not be reached; the attempt count tells the first failure from the retries. */
    public void recordSyncFailed(Handle h, String id, String error) {
        h.execute(
                "UPDATE relays SET sync_state = 'failed', sync_error = ?, sync_attempts = sync_attempts + 1 WHERE id = ?",
                error,
                id);
    }

    /** An administrator's retry: the sync starts over with no failed attempts on record. */
    public void resetSyncAttempts(Handle h, String id, long now) {
        h.execute("UPDATE relays SET sync_attempts = 0, sync_state = 'pending', updated_at = ? WHERE id = ?", now, id);
    }

    /** The relay lists' order, newest first; the id (unique) orders relays created in the same second. */
    public static final SortKey<Relay> LIST_ORDER = new SortKey<>(
            "relays",
            List.of(
                    SortKey.integer("created_at", SortKey.Order.DESC, Relay::createdAt),
                    SortKey.text("id", SortKey.Order.ASC, Relay::id)));

    /** A search's total is counted up to this many matches ("more than 1,000"), never by reading every match. */
    static final long SEARCH_COUNT_CAP = 1_000;

    public Page<Relay> list(String tenant, String q, RelayStatus status, String plan, Page.Request req) {
        return list(tenant, q, status, plan, req, true);
    }

    /** @param withPurged false: without the relays removed for good after their deletion (an owner's own list) */
    public Page<Relay> list(
            String tenant, String q, RelayStatus status, String plan, Page.Request req, boolean withPurged) {
        String wire = status == null ? null : status.wire();
        Filters f = new Filters()
                .eq("tenant", "tenant", tenant)
                .apply(x -> withPurged ? x : x.raw("purged_at IS NULL", Map.of()))
                .eq("status", "status", wire)
                .eq("plan", "plan", plan);
        return jdbi.withHandle(h -> withPurged && tenant == null && plan == null && (q == null || q.isBlank())
                // every relay, or those in one status: the maintained total, not a count of the table
                ? f.page(
                        h,
                        "SELECT *",
                        "FROM relays",
                        LIST_ORDER,
                        req,
                        RelayStore::map,
                        new Filters.Counted(ListTotals.of(h, "relays", wire)))
                : RelaySearch.page(h, f, q, req, SEARCH_COUNT_CAP));
    }

    public void insert(Handle h, Relay r) {
        h.createUpdate("INSERT INTO relays (id, tenant, " + RelayRows.PROFILE_COLUMNS
                        + ", subdomain, schema, plan, status, hold, secret_enc, sync_state, sync_attempts, zooid_created,"
                        + " created_at, updated_at, zooid_node, relay_domain) VALUES (:id, :tenant, "
                        + RelayRows.PROFILE_VALUES
                        + ", :subdomain, :schema, :plan, :status.wire, :hold.wire, :secretEnc, 'pending', 0, 0, :createdAt,"
                        + " :createdAt, :zooidNode, :relayDomain)")
                .bindMethods(r)
                .bindMap(r.profile().fields())
                .execute();
        writeSettings(h, r.id(), r.settings(), r.createdAt());
    }

    /** Writes the fields a tenant edits freely (status and plans go through RelayTransitions); marks the row for a sync. */
    public void updateFields(Handle h, Relay r, long now) {
        h.createUpdate("UPDATE relays SET " + RelayRows.PROFILE_ASSIGNMENTS
                        + ", subdomain = :subdomain, sync_state = 'pending', updated_at = :now WHERE id = :id")
                .bindMethods(r)
                .bindMap(r.profile().fields())
                .bind("now", now)
                .execute();
    }

    /**
     * The state machine's deletion mark (only RelayTransitions calls this): {@code from} the status the relay had when
     * deleted, or null to clear the mark (an undo).
     */
    public void writeDeletion(Handle h, String id, Long at, RelayStatus from, long now) {
        h.execute(
                "UPDATE relays SET deleted_at = ?, deleted_from = ?, undo_until = ?, updated_at = ? WHERE id = ?",
                at,
                from == null ? null : from.wire(),
                at,
                now,
                id);
    }

    /** The end of a deleted relay's undo window, as its owner is told it (set by the deletion, after the mark). */
    public void setUndoUntil(Handle h, String id, long until) {
        h.execute("UPDATE relays SET undo_until = ? WHERE id = ? AND deleted_at IS NOT NULL", until, id);
    }

    /**
     * The purge's last step: the relay is gone from zooid, its subdomain is freed (replaced by a form no subdomain can
     * have, unique by the id) and its redirects end. Only a deleted relay is purged; true when this call did it.
     */
    public boolean markPurged(Handle h, String id, long now) {
        h.execute("DELETE FROM relay_redirects WHERE relay = ?", id);
        return h.execute(
                        "UPDATE relays SET purged_at = ?, subdomain = ?, updated_at = ? WHERE id = ? AND deleted_at IS NOT"
                                + " NULL AND purged_at IS NULL",
                        now,
                        PURGED_PREFIX + id,
                        now,
                        id)
                == 1;
    }

    /** The relay's old subdomain answers with a redirect to its address now until {@code until} (epoch seconds). */
    public void addRedirect(Handle h, String oldSubdomain, String relayId, long until, long now) {
        h.execute("""
                INSERT INTO relay_redirects (subdomain, relay, until_at, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (subdomain) DO UPDATE SET relay = excluded.relay, until_at = excluded.until_at,
                                                      created_at = excluded.created_at""", oldSubdomain, relayId, until, now);
    }

    /** The relay that had {@code subdomain} and answers there with a redirect at {@code now}, if any. */
    public Optional<Relay> redirectedFrom(String subdomain, long now) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT r.* FROM relay_redirects d JOIN relays r ON r.id = d.relay WHERE d.subdomain = ? AND"
                                + " d.until_at > ? AND r.deleted_at IS NULL",
                        subdomain,
                        now)
                .map(RelayStore::map)
                .findOne());
    }

    /** A purged relay's subdomain column: an underscore, which no subdomain may have, so it frees the name. */
    public static final String PURGED_PREFIX = "_purged_";

    /** The state machine's write (only RelayTransitions calls this). */
    public void writeState(
            Handle h,
            String id,
            RelayStatus status,
            RelayHold hold,
            String plan,
            String pendingPlan,
            String upgradePlan,
            boolean accountHold,
            boolean needsSync,
            long now) {
        h.execute(
                """
                UPDATE relays SET status = ?, hold = ?, plan = ?, pending_plan = ?, upgrade_plan = ?, account_hold = ?,
                                  sync_state = CASE WHEN ? THEN 'pending' ELSE sync_state END, updated_at = ?
                WHERE id = ?""",
                status.wire(),
                hold.wire(),
                plan,
                pendingPlan,
                upgradePlan,
                accountHold ? 1 : 0,
                needsSync,
                now,
                id);
    }

    /** The invoice an awaiting relay waits for (billing data, not state). */
    public void setAwaitingPaymentInvoice(Handle h, String id, String invoice) {
        h.execute("UPDATE relays SET awaiting_payment_invoice = ? WHERE id = ?", invoice, id);
    }

    /**
     * Gives the relay to another owner (an accepted transfer), only while {@code from} still owns it: false when it
     * changed hands meanwhile. The view versions of both tenants move (V77's trigger) and the money view counts its
     * owners again (V81's).
     */
    public boolean setTenant(Handle h, String id, String from, String to, long now) {
        return h.execute("UPDATE relays SET tenant = ?, updated_at = ? WHERE id = ? AND tenant = ?", to, now, id, from)
                == 1;
    }

    /** The invoice that pays for the recorded upgrade target. */
    public void setUpgradeInvoice(Handle h, String id, String invoice) {
        h.execute("UPDATE relays SET upgrade_invoice = ? WHERE id = ?", invoice, id);
    }

    public List<Relay> byAwaitingPaymentInvoice(Handle h, String invoice) {
        return relays(h, "awaiting_payment_invoice = ?", invoice).list();
    }

    public List<Relay> byUpgradeInvoice(Handle h, String invoice) {
        return relays(h, "upgrade_invoice = ?", invoice).list();
    }

    /** Name, description and icon as the owner changed them on the relay itself; a sync sends them back to zooid. */
    public void updateInfo(Handle h, String id, String name, String description, String icon, long now) {
        h.execute(
                "UPDATE relays SET name = ?, description = ?, icon = ?, sync_state = 'pending', updated_at = ? WHERE id = ?",
                name,
                description,
                icon,
                now,
                id);
    }
}
