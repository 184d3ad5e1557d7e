package caravel.testing;

import caravel.nostr.Keys;
import caravel.store.Ids;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Tenants and relays written straight into the tables, for tests of the lists' paging: hundreds of rows in a moment,
 * in groups that share a creation second (ties in the lists' order), across statuses, plans, owners and names. No
 * relay is served (zooid_created = 0) and no job is queued, so nothing in a running backend acts on them.
 */
public final class ListRows {
    private static final String[] STATUSES = {"active", "inactive", "suspended", "pending"};
    private static final String[] PLANS = {"free", "basic", "growth"};

    /** The tenants' keys (their pubkeys own the relays, so a test can also sign as one). */
    public final List<Keys> tenants = new ArrayList<>();

    private ListRows() {}

    /**
     * @param tenants    how many tenants; every {@code tiedPerSecond} of them share a creation second
     * @param relays     how many relays, spread over the tenants, statuses and plans; every third is named "… Garden …"
     * @param tiedPerSecond how many consecutive rows (tenants, and relays) share one creation second
     */
    public static ListRows insert(Jdbi jdbi, int tenants, int relays, int tiedPerSecond) {
        ListRows rows = new ListRows();
        long start = 1_700_000_000L;
        jdbi.useTransaction(h -> {
            var tenant = h.prepareBatch(
                    "INSERT INTO tenants (pubkey, status, created_at, updated_at) VALUES (:p, :s, :at, :at)");
            for (int i = 0; i < tenants; i++) {
                Keys k = Keys.generate();
                rows.tenants.add(k);
                tenant.bind("p", k.pubkey())
                        .bind("s", i % 5 == 0 ? "suspended" : "active")
                        .bind("at", start + i / tiedPerSecond)
                        .add();
            }
            tenant.execute();
            var relay = h.prepareBatch("""
                    INSERT INTO relays (id, tenant, name, subdomain, schema, plan, status, secret_enc, created_at, updated_at)
                    VALUES (:id, :tenant, :name, :sub, :sub, :plan, :status, 'unused', :at, :at)""");
            for (int i = 0; i < relays; i++) {
                relay.bind("id", Ids.newId())
                        // uneven owners: the first tenant holds a good share of the relays
                        .bind(
                                "tenant",
                                rows.tenants.get(i % 3 == 0 ? 0 : i % tenants).pubkey())
                        .bind("name", (i % 3 == 0 ? "Garden " : "Chess ") + i)
                        .bind("sub", "r" + i + "-list")
                        .bind("plan", PLANS[i % PLANS.length])
                        .bind("status", STATUSES[i % STATUSES.length])
                        .bind("at", start + i / tiedPerSecond)
                        .add();
            }
            relay.execute();
        });
        return rows;
    }
}
