package caravel.testing;

import caravel.domain.RelayProfile;
import caravel.domain.RelayStatus;
import caravel.nostr.Keys;
import caravel.store.Ids;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Tenants and relays written through their owners (TenantStore, RelayStore) in one transaction, for tests of the
 * lists' paging: hundreds of rows in a moment, in groups that share a creation second (ties in the lists' order), across
 * statuses, plans, owners and names. No relay is served (none was created in zooid) and no job is queued, so nothing
 * in a running backend acts on them.
 */
public final class ListRows {
    private static final RelayStatus[] STATUSES = {
        RelayStatus.ACTIVE, RelayStatus.INACTIVE, RelayStatus.SUSPENDED, RelayStatus.PENDING
    };
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
        TenantStore tenantStore = new TenantStore(jdbi);
        RelayStore relayStore = new RelayStore(jdbi, null); // only its writes on this transaction are used
        jdbi.useTransaction(h -> {
            for (int i = 0; i < tenants; i++) {
                Keys k = Keys.generate();
                rows.tenants.add(k);
                long at = start + i / tiedPerSecond;
                tenantStore.ensure(h, k.pubkey(), at);
                if (i % 5 == 0) tenantStore.setStatus(h, k.pubkey(), "suspended", at);
            }
            for (int i = 0; i < relays; i++) {
                String sub = "r" + i + "-list";
                long at = start + i / tiedPerSecond;
                Relay.Fields r = new Relay.Fields();
                r.id = Ids.newId();
                // uneven owners: the first tenant holds a good share of the relays
                r.tenant = rows.tenants.get(i % 3 == 0 ? 0 : i % tenants).pubkey();
                r.profile = RelayProfile.EMPTY.withName((i % 3 == 0 ? "Garden " : "Chess ") + i);
                r.subdomain = sub;
                r.schema = sub;
                r.plan = PLANS[i % PLANS.length];
                r.status = STATUSES[i % STATUSES.length];
                r.secretEnc = "unused";
                r.createdAt = at;
                r.updatedAt = at;
                relayStore.insert(h, r.build());
            }
        });
        return rows;
    }
}
