package caravel.domains;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.result.ResultIterable;

/**
 * The owner of relay_domains and domain_redirects: every statement on them. It also reads relays, joined in its own
 * statements, where the question is "is this domain served now" (the relay is active and zooid has it) or "does this
 * old domain still redirect" (its relay is not deleted): a separate call would cost a query per name, and /tls/ask
 * asks it on every handshake for a name without a certificate.
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

    /** Rows read by column name into the records' components (relay_id into relayId, and so on). */
    private static final RowMapper<RelayDomain> ROW = ConstructorMapper.of(RelayDomain.class);

    private static final RowMapper<Holder> HOLDER = ConstructorMapper.of(Holder.class);

    public Optional<RelayDomain> find(String relayId) {
        return jdbi.withHandle(h -> find(h, relayId));
    }

    /**
     * Plain JDBC on the handle's connection (in its transaction, if any): every relay view reads its domain, and
     * JDBI's per-statement setup cost more than the read (issue 42, GET /relays/:id).
     */
    public Optional<RelayDomain> find(Handle h, String relayId) {
        return h.select("SELECT " + COLUMNS + " FROM relay_domains WHERE relay_id = ?", relayId)
                .map(ROW)
                .findOne();
    }

    /** The rows of these relays, by relay id: one query for a whole page of relays. */
    public Map<String, RelayDomain> byRelays(Handle h, Collection<String> relayIds) {
        if (relayIds.isEmpty()) return Map.of();
        return h
                .createQuery("SELECT " + COLUMNS + " FROM relay_domains WHERE relay_id IN (<ids>)")
                .bindList("ids", List.copyOf(relayIds))
                .map(ROW)
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
        return h.select(
                        "SELECT relay_id FROM relay_domains WHERE domain = ? AND state = 'verified' AND relay_id <> ?",
                        domain,
                        exceptRelay)
                .mapTo(String.class)
                .findOne();
    }

    /** Replaces the relay's row (a new domain, or the first one). */
    public void put(Handle h, RelayDomain d) {
        h.execute("DELETE FROM relay_domains WHERE relay_id = ?", d.relayId());
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
        d.ifPresent(x -> h.execute("DELETE FROM relay_domains WHERE relay_id = ?", relayId));
        return d;
    }

    /** Relays whose next check is due, soonest first. */
    public List<String> due(long now, int limit) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT relay_id FROM relay_domains WHERE next_check_at <= ? ORDER BY next_check_at LIMIT ?",
                        now,
                        limit)
                .mapTo(String.class)
                .list());
    }

    /**
     * The relay's old domain answers NIP-11 with a redirect to its address now until {@code until} (epoch seconds); a
     * row the name already had (another relay's, an older one of this relay) is replaced.
     */
    public void addRedirect(Handle h, String domain, String relayId, long until, long now) {
        h.execute("""
                INSERT INTO domain_redirects (domain, relay, until_at, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (domain) DO UPDATE SET relay = excluded.relay, until_at = excluded.until_at,
                                                   created_at = excluded.created_at""", domain, relayId, until, now);
    }

    /** The domain was verified by a relay: it is that relay's, so an old redirect of the name ends. */
    public void endRedirect(Handle h, String domain) {
        h.execute("DELETE FROM domain_redirects WHERE domain = ?", domain);
    }

    /**
     * The relay an old custom domain redirects to at {@code now}: its period not over, the relay not deleted, and no
     * relay holding the name verified (that relay is served there, or its owner proved the name is theirs). One lookup
     * on the primary key, one on the unique index of verified domains.
     */
    public Optional<String> redirectedRelay(String domain, long now) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT d.relay FROM domain_redirects d JOIN relays r ON r.id = d.relay WHERE d.domain = ? AND"
                                + " d.until_at > ? AND r.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM"
                                + " relay_domains v WHERE v.domain = d.domain AND v.state = 'verified')",
                        domain,
                        now)
                .mapTo(String.class)
                .findOne());
    }

    /**
     * The relay holding this domain verified, if that relay is served by zooid now (active, created there): one
     * lookup on the unique index of verified domains and the relay's primary key.
     */
    public Optional<Holder> servedHolder(String domain) {
        return jdbi.withHandle(h -> served(h, " AND d.domain = ?", domain).findOne());
    }

    /** Every verified domain of a relay zooid serves now (the plan is the caller's to check). */
    public List<Holder> servedHolders() {
        return jdbi.withHandle(h -> served(h, " ORDER BY d.domain").list());
    }

    /** Verified domains of relays zooid serves now, narrowed or ordered by {@code rest} (one of this class's literals). */
    private static ResultIterable<Holder> served(Handle h, String rest, Object... args) {
        return h.select(
                        "SELECT d.domain, d.relay_id, r.plan FROM relay_domains d JOIN relays r ON r.id = d.relay_id"
                                + " WHERE d.state = 'verified' AND r.status = 'active' AND r.zooid_created = 1" + rest,
                        args)
                .map(HOLDER);
    }

    /**
     * Removes relay {@code relayId}'s custom domain and its old domains' redirects for good, in the caller's transaction
     * (the relay's purge): a redirect would point at a subdomain that is free again, and may be someone else's.
     */
    public void removeRelay(Handle h, String relayId) {
        h.execute("DELETE FROM domain_redirects WHERE relay = ?", relayId);
        h.execute("DELETE FROM relay_domains WHERE relay_id = ?", relayId);
    }
}
