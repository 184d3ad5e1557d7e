package caravel.live;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** tenant_changes: one version per tenant, bumped by triggers (V40) on every write to its relays, invoices or activity. */
public final class ChangeStore {
    private final Jdbi jdbi;

    public ChangeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The newest version of any tenant (0 before the first change). */
    public long latestVersion() {
        return jdbi.withHandle(h -> h.createQuery("SELECT coalesce(max(version), 0) FROM tenant_changes")
                .mapTo(Long.class)
                .one());
    }

    /** Tenants changed after {@code version}, oldest change first, at most {@code limit}. */
    public List<Map.Entry<String, Long>> changedAfter(long version, int limit) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT tenant, version FROM tenant_changes WHERE version > ? ORDER BY version LIMIT ?",
                        version,
                        limit)
                .map((rs, c) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list());
    }

    /** One tenant's version (0 while it never changed). */
    public long version(Handle h, String tenant) {
        return h.select("SELECT coalesce((SELECT version FROM tenant_changes WHERE tenant = ?), 0)", tenant)
                .mapTo(Long.class)
                .one();
    }
}
