package caravel.domains;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The owner of relay_domains: every statement on it. It also reads relays, joined in its own statements, where the
 * question is "is this domain served now" (the relay is active and zooid has it): a separate call would cost a query
 * per name, and /tls/ask asks it on every handshake for a name without a certificate.
 */
public final class DomainStore {
    private static final String COLUMNS =
            "relay_id, domain, token, state, problem, misses, created_at, checked_at," + " verified_at, next_check_at";

    private final Jdbi jdbi;

    public DomainStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A relay that holds a verified domain, with its plan: the relay's plan decides whether it is served. */
    public record Holder(String domain, String relayId, String plan) {}

    public Optional<RelayDomain> find(String relayId) {
        return jdbi.withHandle(h -> find(h, relayId));
    }

    /**
     * Plain JDBC on the handle's connection (in its transaction, if any): every relay view reads its domain, and
     * JDBI's per-statement setup cost more than the read (issue 42, GET /relays/:id).
     */
    public Optional<RelayDomain> find(Handle h, String relayId) {
        try (var ps =
                h.getConnection().prepareStatement("SELECT " + COLUMNS + " FROM relay_domains WHERE relay_id = ?")) {
            ps.setString(1, relayId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("reading the domain of relay " + relayId + ": " + e.getMessage(), e);
        }
    }

    /** The rows of these relays, by relay id: one query for a whole page of relays. */
    public Map<String, RelayDomain> byRelays(Handle h, Collection<String> relayIds) {
        if (relayIds.isEmpty()) return Map.of();
        return h
                .createQuery("SELECT " + COLUMNS + " FROM relay_domains WHERE relay_id IN (<ids>)")
                .bindList("ids", List.copyOf(relayIds))
                .map((rs, ctx) -> row(rs))
                .list()
                .stream()
                .collect(Collectors.toMap(RelayDomain::relayId, Function.identity()));
    }

    public Map<String, RelayDomain> byRelays(Collection<String> relayIds) {
        if (relayIds.isEmpty()) return Map.of();
        return jdbi.withHandle(h -> byRelays(h, relayIds));
    }

    /** A relay other than {@code exceptRelay} whose row holds this domain verified. */
    public Optional<String> verifiedElsewhere(Handle h, String domain, String exceptRelay) {
        return h.createQuery(
                        "SELECT relay_id FROM relay_domains WHERE domain = :d AND state = 'verified' AND relay_id <> :r")
                .bind("d", domain)
                .bind("r", exceptRelay)
                .mapTo(String.class)
                .findOne();
    }

    /** Replaces the relay's row (a new domain, or the first one). */
    public void put(Handle h, RelayDomain d) {
        h.createUpdate("DELETE FROM relay_domains WHERE relay_id = :r")
                .bind("r", d.relayId())
                .execute();
        h.createUpdate("INSERT INTO relay_domains (" + COLUMNS
                        + ") VALUES (:relayId, :domain, :token, :state, :problem,"
                        + " :misses, :createdAt, :checkedAt, :verifiedAt, :nextCheckAt)")
                .bindMethods(d)
                .execute();
    }

    /** Writes what a check found (the domain and token stay). Fails on the unique index if another relay holds it. */
    public void recordCheck(Handle h, RelayDomain d) {
        h.createUpdate("UPDATE relay_domains SET state = :state, problem = :problem, misses = :misses,"
                        + " checked_at = :checkedAt, verified_at = :verifiedAt, next_check_at = :nextCheckAt"
                        + " WHERE relay_id = :relayId AND domain = :domain")
                .bindMethods(d)
                .execute();
    }

    /** @return the row removed, if there was one */
    public Optional<RelayDomain> delete(Handle h, String relayId) {
        Optional<RelayDomain> d = find(h, relayId);
        d.ifPresent(x -> h.createUpdate("DELETE FROM relay_domains WHERE relay_id = :r")
                .bind("r", relayId)
                .execute());
        return d;
    }

    /** Relays whose next check is due, soonest first. */
    public List<String> due(long now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT relay_id FROM relay_domains WHERE next_check_at <= :now"
                        + " ORDER BY next_check_at LIMIT :limit")
                .bind("now", now)
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
    }

    /**
     * The relay holding this domain verified, if that relay is served by zooid now (active, created there): one
     * lookup on the unique index of verified domains and the relay's primary key.
     */
    public Optional<Holder> servedHolder(String domain) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT d.domain, d.relay_id, r.plan FROM relay_domains d"
                                + " JOIN relays r ON r.id = d.relay_id"
                                + " WHERE d.domain = :d AND d.state = 'verified' AND r.status = 'active' AND r.zooid_created = 1")
                .bind("d", domain)
                .map((rs, ctx) -> new Holder(rs.getString(1), rs.getString(2), rs.getString(3)))
                .findOne());
    }

    /** Every verified domain of a relay zooid serves now (the plan is the caller's to check). */
    public List<Holder> servedHolders() {
        return jdbi.withHandle(h -> h.createQuery("SELECT d.domain, d.relay_id, r.plan FROM relay_domains d"
                        + " JOIN relays r ON r.id = d.relay_id"
                        + " WHERE d.state = 'verified' AND r.status = 'active' AND r.zooid_created = 1"
                        + " ORDER BY d.domain")
                .map((rs, ctx) -> new Holder(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list());
    }

    private static RelayDomain row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new RelayDomain(
                rs.getString("relay_id"),
                rs.getString("domain"),
                rs.getString("token"),
                rs.getString("state"),
                rs.getString("problem"),
                rs.getInt("misses"),
                rs.getLong("created_at"),
                nullableLong(rs, "checked_at"),
                nullableLong(rs, "verified_at"),
                nullableLong(rs, "next_check_at"));
    }

    private static Long nullableLong(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
