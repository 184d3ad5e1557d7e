package caravel.bench;

import caravel.billing.Cycles;
import caravel.config.DatabaseUrl;
import caravel.nostr.Schnorr;
import caravel.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Fills a Caravel database with a large platform for the scale benchmark: tenants, relays, invoices (with items) and
 * activity in realistic mixes of plans and states, deterministic for a given seed. The schema comes from the app's
 * own migrations (Database) for either dialect, and rows name only long-standing columns, so columns added later with a default or as
 * nullable do not break it. Batched SQL rather than the tables' owner classes: millions of rows in minutes, with the
 * database's synchronous writes off, which no owner method offers.
 *
 * <p>The mix: a relay count per tenant of 1–4 (2 on average); plans 72 % free, 21 % basic, 7 % growth; relays mostly
 * active, some inactive, suspended, failed or still pending; tenants with a paid relay have a monthly billing cycle
 * from their first paid relay, one renewal invoice per past cycle (mostly paid, some void, the newest pending for a
 * few), and about 1 % of them have a cycle that turned and is not renewed yet — the work a renewal run has to do.
 * A fifth of the billed tenants have autopay on: their renewals are paid from their wallets, and one unpaid renewal in
 * five of theirs records the wallet's failure (the money view's failed autopays). Paid invoices carry the payment that
 * paid them (Lightning by hand, or autopay).
 * Activity rows follow each relay's life (created, provisioned, synced, plan and status changes, payments).
 *
 * <p>Run: {@code java caravel.bench.Seeder <db file | postgresql://…> [tenants] [seed]} — relays, invoices and activity scale with the
 * tenant count (2, 10 and 20 per tenant).
 */
public final class Seeder {
    /**
     * The seed's format, in the names of the seeds the scale benchmark keeps: raised when the rows change, so that a
     * seed kept from before is made again rather than reused (2: tenants' keys are curve points).
     */
    static final int FORMAT = 2;

    public record Counts(
            long tenants, long relays, long invoices, long items, long activity, long renewalsDue, double seconds) {}

    static final long DAY = 86_400;
    static final String[] WORDS = {
        "bitcoin",
        "builders",
        "nostr",
        "garden",
        "makers",
        "lightning",
        "family",
        "chess",
        "cooking",
        "hiking",
        "music",
        "art",
        "photo",
        "privacy",
        "freedom",
        "coffee",
        "books",
        "film",
        "climate",
        "sailing",
        "caravel",
        "devs",
        "design",
        "running",
        "crypto",
        "local",
        "farmers",
        "writers",
        "gamers",
        "science"
    };
    static final String[] PLANS = {"free", "basic", "growth"};
    static final long[] PRICES = {0, 10_000, 50_000};

    private final Random rnd;
    private final long now;
    private final int tenants;
    private final long relayTarget, invoiceTarget, activityTarget;
    private long relaySeq, invoiceSeq, itemSeq, activityRows, invoiceRows, itemRows, renewalsDue;

    public Seeder(int tenants, long seed, long now) {
        this.tenants = tenants;
        this.rnd = new Random(seed);
        this.now = now;
        this.relayTarget = 2L * tenants;
        this.invoiceTarget = 10L * tenants;
        this.activityTarget = 20L * tenants;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Seeder <db file | postgresql://…> [tenants=100000] [seed=1]");
            System.exit(2);
        }
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Counts c = seed(DatabaseUrl.parse(args[0]), n, seed, System.currentTimeMillis() / 1000);
        System.out.printf(
                "seeded %s: %,d tenants, %,d relays, %,d invoices (%,d items), %,d activity rows; %,d renewals due; %.1f s%n",
                args[0], c.tenants(), c.relays(), c.invoices(), c.items(), c.activity(), c.renewalsDue(), c.seconds());
    }

    /** Migrates the SQLite file (the app's migrations) and fills it; the file should be new. */
    public static Counts seed(Path db, int tenants, long seed, long now) throws SQLException {
        return seed(new DatabaseUrl.SqliteFile(db), tenants, seed, now);
    }

    /**
     * Migrates the database (the app's migrations for its dialect) and fills it with the same rows for the same seed on
     * either database; the database should be new. On PostgreSQL the rows go in as multi-row INSERTs (the driver's
     * batch rewriting) with the live-change triggers and foreign-key checks off for the load (session_replication_role,
     * so the login must be a superuser, as the bench's own server's is), then tenant_changes and list_totals are filled
     * in one statement each
     * — one trigger call and NOTIFY per row would be millions of them — and the tables vacuumed and analysed, as
     * autovacuum leaves a long-running database (visibility maps for index-only scans, planner statistics).
     */
    public static Counts seed(DatabaseUrl url, int tenants, long seed, long now) throws SQLException {
        long t0 = System.nanoTime();
        Database.open(url).close(); // schema by Flyway, exactly as the app makes it
        Seeder sd = new Seeder(tenants, seed, now);
        switch (url) {
            case DatabaseUrl.SqliteFile f -> {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f.path())) {
                    try (var s = c.createStatement()) {
                        // a bulk load of a throwaway file: no fsync per commit
                        s.execute("PRAGMA synchronous = OFF");
                        s.execute("PRAGMA cache_size = -200000");
                    }
                    c.setAutoCommit(false);
                    sd.fill(c);
                    c.commit();
                    try (var s = c.createStatement()) {
                        c.setAutoCommit(true);
                        // what a long-running database has: planner statistics (PRAGMA optimize keeps them)
                        s.execute("ANALYZE");
                    }
                }
            }
            case DatabaseUrl.Postgres p -> {
                String jdbc = p.jdbcUrl() + (p.jdbcUrl().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
                try (Connection c = DriverManager.getConnection(jdbc, p.user(), p.password())) {
                    try (var s = c.createStatement()) {
                        s.execute("SET session_replication_role = replica");
                        s.execute("SET synchronous_commit = off");
                    }
                    c.setAutoCommit(false);
                    sd.fill(c);
                    try (var s = c.createStatement()) {
                        // what the triggers would have left: one version per tenant with relays, invoices or activity
                        s.execute("""
                                INSERT INTO tenant_changes (tenant, version)
                                SELECT tenant, row_number() OVER (ORDER BY tenant)
                                FROM (SELECT tenant FROM relays UNION SELECT tenant FROM invoices
                                      UNION SELECT tenant FROM activity) t""");
                        // and the lists' totals their triggers would have kept (V68)
                        s.execute("DELETE FROM list_totals");
                        s.execute("INSERT INTO list_totals (list, status, n)"
                                + " SELECT 'relays', status, count(*) FROM relays GROUP BY status"
                                + " UNION ALL SELECT 'tenants', status, count(*) FROM tenants GROUP BY status");
                        // and the money view's sums (V80): what its backfill does, with the rows now loaded
                        s.execute("DELETE FROM money_revenue");
                        s.execute("""
                                INSERT INTO money_revenue (month, way, fiat_currency, invoices, sats, fiat)
                                SELECT money_month(coalesce(v.paid_at, v.created_at)), money_way(v),
                                       money_fiat_currency(v), count(*), sum(money_sats(v)), sum(money_fiat(v))
                                FROM invoices v WHERE v.status = 'paid' GROUP BY 1, 2, 3""");
                        s.execute("DELETE FROM money_relays");
                        s.execute("INSERT INTO money_relays (plan, status, n)"
                                + " SELECT plan, status, count(*) FROM relays GROUP BY plan, status");
                        s.execute("UPDATE money_owners SET n = (SELECT count(DISTINCT tenant) FROM relays)");
                    }
                    c.commit();
                    c.setAutoCommit(true);
                    try (var s = c.createStatement()) {
                        s.execute("SET session_replication_role = origin");
                        s.execute("VACUUM ANALYZE");
                    }
                }
            }
        }
        return new Counts(
                tenants,
                sd.relaySeq,
                sd.invoiceRows,
                sd.itemRows,
                sd.activityRows,
                sd.renewalsDue,
                (System.nanoTime() - t0) / 1e9);
    }

    private record SeedRelay(String id, String plan, String status, long createdAt) {}

    private void fill(Connection c) throws SQLException {
        try (PreparedStatement tenant = c.prepareStatement("""
                     INSERT INTO tenants (pubkey, status, nwc_url_enc, billing_anchor, renewed_cycle_start, created_at, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?)""");
                PreparedStatement relay = c.prepareStatement("""
                     INSERT INTO relays (id, tenant, name, subdomain, schema, icon, description, plan, status, secret_enc, sync_state,
                                         sync_error, sync_attempts, synced_at, zooid_created, created_at, updated_at)
                     VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                PreparedStatement invoice = c.prepareStatement("""
                     INSERT INTO invoices (id, tenant, amount, status, created_at, due_at, paid_at, bolt11, payment_hash, expires_at,
                                           period_start, period_end, kind, reminded_at, paid_hash, autopay_started_at,
                                           autopay_error)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                PreparedStatement item = c.prepareStatement("""
                     INSERT INTO invoice_items (id, invoice, relay, amount, period_start, period_end, plan, rate)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
                PreparedStatement activity = c.prepareStatement(
                        "INSERT INTO activity (tenant, relay, kind, message, actor, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < tenants; i++) {
                String pubkey = pubkey();
                long created = now - (long) (rnd.nextDouble() * 4 * 365 * DAY) - DAY;
                boolean suspended = rnd.nextInt(1000) < 15;
                // relays per tenant: 1,1,1,1,2,2,2,3,3,4 → 2 on average; the last tenants take what is left of the
                // target
                int[] mix = {1, 1, 1, 1, 2, 2, 2, 3, 3, 4};
                int count = i == tenants - 1 ? (int) Math.max(1, relayTarget - relaySeq) : mix[rnd.nextInt(mix.length)];
                count = (int) Math.max(1, Math.min(count, relayTarget - relaySeq - (tenants - 1 - i)));
                List<SeedRelay> rs = new ArrayList<>();
                for (int k = 0; k < count; k++) {
                    int p = rnd.nextInt(100);
                    String plan = p < 72 ? "free" : p < 93 ? "basic" : "growth";
                    long rc =
                            created + (long) (rnd.nextDouble() * Math.max(DAY, now - created) * (k == 0 ? 0.05 : 0.7));
                    int s = rnd.nextInt(1000);
                    String status = suspended
                            ? "inactive"
                            : s < 860
                                    ? "active"
                                    : s < 930
                                            ? "inactive"
                                            : s < 965 && !plan.equals("free")
                                                    ? "suspended"
                                                    : s < 975 ? "provisioning_failed" : s < 985 ? "pending" : "active";
                    rs.add(new SeedRelay(id(++relaySeq), plan, status, rc));
                }
                // billing: the first paid relay anchors monthly cycles
                Long anchor = rs.stream()
                        .filter(r -> !r.plan().equals("free"))
                        .map(SeedRelay::createdAt)
                        .min(Long::compare)
                        .orElse(null);
                Long renewed = null;
                boolean due = false;
                if (anchor != null) {
                    Cycles.Cycle cur = Cycles.at(anchor, now);
                    due = cur.index() > 0 && !suspended && rnd.nextInt(100) == 0;
                    if (cur.index() > 0) renewed = due ? Cycles.boundary(anchor, cur.index() - 1) : cur.start();
                    if (due) renewalsDue++;
                }
                tenant.setString(1, pubkey);
                tenant.setString(2, suspended ? "suspended" : "active");
                boolean autopay = anchor != null && rnd.nextInt(5) == 0; // autopay on for a fifth
                tenant.setString(3, autopay ? "seed:" + hex(40) : null);
                setLong(tenant, 4, anchor);
                setLong(tenant, 5, renewed);
                tenant.setLong(6, created);
                tenant.setLong(7, created);
                tenant.addBatch();

                for (SeedRelay r : rs) {
                    String w1 = WORDS[rnd.nextInt(WORDS.length)], w2 = WORDS[rnd.nextInt(WORDS.length)];
                    String sub = w1 + "-" + w2 + "-" + Long.toString(relaySeqOf(r), 36);
                    relay.setString(1, r.id());
                    relay.setString(2, pubkey);
                    relay.setString(3, cap(w1) + " " + cap(w2));
                    relay.setString(4, sub);
                    relay.setString(5, sub.replace('-', '_'));
                    relay.setString(6, "A community relay for " + w1 + " and " + w2 + ".");
                    relay.setString(7, r.plan());
                    relay.setString(8, r.status());
                    relay.setString(9, "seed:" + hex(60));
                    boolean failed = r.status().equals("provisioning_failed");
                    boolean pending = r.status().equals("pending");
                    relay.setString(10, failed ? "failed" : pending ? "pending" : "synced");
                    relay.setString(11, failed ? "zooid answered 503: unavailable" : null);
                    relay.setLong(12, failed ? 10 : 1);
                    setLong(relay, 13, failed || pending ? null : r.createdAt() + 2);
                    relay.setLong(14, failed || pending ? 0 : 1);
                    relay.setLong(15, r.createdAt());
                    relay.setLong(16, Math.min(now, r.createdAt() + rnd.nextInt(90) * DAY));
                    relay.addBatch();
                }
                relay.executeBatch();
                tenant.executeBatch();

                if (anchor != null) {
                    invoices(invoice, item, pubkey, anchor, rs, due, suspended, autopay);
                    SeedRelay firstPaid = rs.stream()
                            .filter(r -> !r.plan().equals("free"))
                            .findFirst()
                            .orElseThrow();
                    billed.add(new String[] {pubkey, firstPaid.id(), firstPaid.plan(), Long.toString(anchor)});
                }
                activity(activity, pubkey, rs, count);
                if (i % 2000 == 1999) {
                    invoice.executeBatch();
                    item.executeBatch();
                    activity.executeBatch();
                }
            }
            // histories are capped, so the platform's target is met with mid-cycle invoices (upgrades, new paid relays)
            while (invoiceRows < invoiceTarget && !billed.isEmpty()) {
                String[] b = billed.get(rnd.nextInt(billed.size()));
                long anchor = Long.parseLong(b[3]);
                long start = anchor + (long) (rnd.nextDouble() * Math.max(DAY, now - anchor - DAY));
                Cycles.Cycle cycle = Cycles.at(anchor, start);
                long rate = PRICES[planIndex(b[2])];
                long amount = Cycles.prorate(rate, start, cycle.end(), cycle);
                String id = id(++invoiceSeq);
                invoice.setString(1, id);
                invoice.setString(2, b[0]);
                invoice.setLong(3, amount);
                invoice.setString(4, "paid");
                invoice.setLong(5, start);
                invoice.setLong(6, start);
                invoice.setLong(7, start + 600);
                invoice.setString(8, "lnbcrt" + amount + "n1p" + hex(150));
                String prorationHash = hex(32);
                invoice.setString(9, prorationHash);
                invoice.setLong(10, start + DAY);
                invoice.setLong(11, start);
                invoice.setLong(12, cycle.end());
                invoice.setString(13, "proration");
                invoice.setNull(14, Types.BIGINT);
                invoice.setString(15, prorationHash); // paid by hand over Lightning
                invoice.setNull(16, Types.BIGINT);
                invoice.setNull(17, Types.VARCHAR);
                invoice.addBatch();
                invoiceRows++;
                item.setString(1, id(++itemSeq));
                item.setString(2, id);
                item.setString(3, b[1]);
                item.setLong(4, amount);
                item.setLong(5, start);
                item.setLong(6, cycle.end());
                item.setString(7, b[2]);
                item.setLong(8, rate);
                item.addBatch();
                itemRows++;
                if (invoiceRows % 5000 == 0) {
                    invoice.executeBatch();
                    item.executeBatch();
                }
            }
            invoice.executeBatch();
            item.executeBatch();
            activity.executeBatch();
        }
    }

    /** Billed tenants: pubkey, first paid relay id, its plan, billing anchor (for the mid-cycle invoices). */
    private final List<String[]> billed = new ArrayList<>();

    private long relaySeqOf(SeedRelay r) {
        return Long.parseLong(r.id().substring(1), 36);
    }

    /** One renewal per past cycle (the first is the "initial" invoice), until the platform's invoice target is met. */
    private void invoices(
            PreparedStatement invoice,
            PreparedStatement item,
            String tenant,
            long anchor,
            List<SeedRelay> rs,
            boolean due,
            boolean suspended,
            boolean autopay)
            throws SQLException {
        Cycles.Cycle cur = Cycles.at(anchor, now);
        int last = due ? cur.index() - 1 : cur.index();
        boolean newestPending = !due && rnd.nextInt(100) < 6;
        List<SeedRelay> paid = rs.stream().filter(r -> !r.plan().equals("free")).toList();
        // histories of at most HISTORY_CYCLES (older invoices archived): with tenants up to 4 years old this lands near
        // 10 invoices per tenant; the target caps it
        int firstCycle = Math.max(0, last + 1 - HISTORY_CYCLES);
        for (int k = firstCycle; k <= last && invoiceRows < invoiceTarget; k++) {
            long start = Cycles.boundary(anchor, k), end = Cycles.boundary(anchor, k + 1);
            boolean pending = (k == last && (newestPending || suspended));
            boolean voided = !pending && rnd.nextInt(100) == 0;
            String id = id(++invoiceSeq);
            long amount = 0;
            List<SeedRelay> covered =
                    paid.stream().filter(r -> r.createdAt() < end).toList();
            if (covered.isEmpty()) covered = paid.subList(0, 1);
            for (SeedRelay r : covered) amount += PRICES[planIndex(r.plan())];
            long dueAt = start;
            invoice.setString(1, id);
            invoice.setString(2, tenant);
            invoice.setLong(3, amount);
            invoice.setString(4, pending ? "pending" : voided ? "void" : "paid");
            invoice.setLong(5, start);
            invoice.setLong(6, dueAt);
            setLong(invoice, 7, pending || voided ? null : dueAt + rnd.nextInt(3 * 86_400));
            invoice.setString(8, "lnbcrt" + amount + "n1p" + hex(150));
            String hash = hex(32);
            invoice.setString(9, hash);
            invoice.setLong(10, start + 86_400);
            invoice.setLong(11, start);
            invoice.setLong(12, end);
            invoice.setString(13, k == 0 ? "initial" : "renewal");
            setLong(invoice, 14, pending && now - dueAt > 4 * DAY ? dueAt + 4 * DAY : null);
            boolean paidInvoice = !pending && !voided;
            invoice.setString(15, paidInvoice ? hash : null);
            // autopay pays renewals from the tenant's wallet; for one unpaid renewal in five the wallet did not
            boolean tried = autopay && k > 0 && !voided;
            setLong(invoice, 16, tried ? dueAt + 60 : null);
            invoice.setString(
                    17,
                    tried && pending && rnd.nextInt(5) == 0
                            ? "wallet unreachable: check the connection string and that the wallet is online"
                            : null);
            invoice.addBatch();
            invoiceRows++;
            for (SeedRelay r : covered) {
                long rate = PRICES[planIndex(r.plan())];
                item.setString(1, id(++itemSeq));
                item.setString(2, id);
                item.setString(3, r.id());
                item.setLong(4, rate);
                item.setLong(5, start);
                item.setLong(6, end);
                item.setString(7, r.plan());
                item.setLong(8, rate);
                item.addBatch();
                itemRows++;
            }
        }
    }

    static final int HISTORY_CYCLES = 33;
    private int tenantsDoneCounter;

    private static final String[][] LIFE = {
        {"created", "Relay created"},
        {"provisioned", "Relay provisioned"},
        {"synced", "Configuration synced to zooid"},
        {"updated", "Name and description changed"},
        {"plan_changed", "Plan changed"},
        {"invoice_paid", "Invoice paid"},
        {"deactivated", "Relay deactivated by its owner"},
        {"reactivated", "Relay reactivated"},
        {"sync_failed", "zooid answered 503"},
        {"dm_sent", "Message sent to the owner"}
    };

    /** About 10 rows per relay (a long-lived relay more), until the platform's activity target is met. */
    private void activity(PreparedStatement a, String tenant, List<SeedRelay> rs, int relayCount) throws SQLException {
        tenantsDoneCounter++;
        long left = activityTarget - activityRows;
        long perTenant = Math.max(1, left / Math.max(1, tenants - tenantsDoneCounter + 1));
        for (SeedRelay r : rs) {
            long n = Math.max(2, perTenant / relayCount + rnd.nextInt(5) - 2);
            if (tenantsDoneCounter == tenants) n = Math.max(n, left / relayCount);
            long span = Math.max(1, now - r.createdAt());
            for (long j = 0; j < n && activityRows < activityTarget; j++) {
                String[] kind = j == 0 ? LIFE[0] : j == 1 ? LIFE[1] : LIFE[2 + rnd.nextInt(LIFE.length - 2)];
                a.setString(1, tenant);
                a.setString(2, rnd.nextInt(20) == 0 ? null : r.id());
                a.setString(3, kind[0]);
                a.setString(4, kind[1]);
                a.setString(5, j < 2 ? tenant : "system");
                a.setLong(6, r.createdAt() + span * j / n);
                a.addBatch();
                activityRows++;
            }
        }
    }

    private static int planIndex(String plan) {
        for (int i = 0; i < PLANS.length; i++) if (PLANS[i].equals(plan)) return i;
        throw new IllegalArgumentException(plan);
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT);
        else ps.setLong(i, v);
    }

    private static String cap(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    /** A 16-character id like the app's (Ids), unique per sequence number: 's' and base-36 digits, padded. */
    private static String id(long seq) {
        String s = Long.toString(seq, 36);
        return "s" + "0".repeat(15 - s.length()) + s;
    }

    /**
     * A tenant's key: random bytes that are a curve point's x, as every real key is (the API refuses others with 400;
     * about half of all 32-byte strings are).
     */
    private String pubkey() {
        byte[] b = new byte[32];
        do rnd.nextBytes(b);
        while (!Schnorr.isValidXOnly(b));
        return HexFormat.of().formatHex(b);
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        rnd.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
