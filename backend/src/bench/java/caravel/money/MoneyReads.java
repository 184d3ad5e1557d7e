package caravel.money;

import caravel.bench.EachReadAlone;
import caravel.billing.Renewals;
import caravel.config.DatabaseUrl;
import caravel.store.Database;
import caravel.store.Dialect;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The money view's reads one by one (issue 55's profile): each of {@link MoneyReports#report}'s queries run on its own
 * against a seeded database, {@code samples} times on one handle, p50/p99 printed beside its query plan, so the bench
 * says which read costs what. Lives in the money package to call the store's reads as the view does.
 *
 * <p>Run: {@code java caravel.money.MoneyReads <DATABASE_URL> [samples]} (the scale bench's seed, for instance).
 */
public final class MoneyReads {
    private MoneyReads() {}

    public static void main(String[] args) {
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (Database db = Database.open(DatabaseUrl.parse(args[0]))) {
            profile(db.jdbi(), db.dialect(), samples);
        }
    }

    public static void profile(Jdbi jdbi, Dialect dialect, int samples) {
        MoneyStore store = new MoneyStore();
        long now = System.currentTimeMillis() / 1000;
        long overdueBy = now - Renewals.GRACE_SECONDS;
        long first = MoneyReports.Months.of(now) - MoneyReports.MONTHS + 1;
        Map<String, Consumer<Handle>> reads = new LinkedHashMap<>();
        reads.put("revenue (12 months)", h -> store.revenueSince(h, first));
        reads.put("owners", store::owners);
        reads.put("signed in", store::signedIn);
        reads.put("relays by plan", store::relaysByPlan);
        reads.put("moves (12 months)", h -> store.movesSince(h, first));
        reads.put("failure count", store::failureCount);
        reads.put("open invoices (by rail)", h -> store.open(h, overdueBy));
        reads.put("overdue (listed)", h -> store.overdue(h, overdueBy, MoneyReports.LISTED));
        reads.put("failed payments (listed)", h -> store.failures(h, MoneyReports.LISTED));
        System.out.printf("%nthe money view's reads, each alone (%d times, one handle, %s):%n", samples, dialect);
        jdbi.useHandle(h -> {
            EachReadAlone.print(h, reads, 5, samples, 28);
            String explain = dialect == Dialect.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
            Map<String, String> plans = new LinkedHashMap<>();
            plans.put("open invoices", """
                    SELECT rail, currency, count(*), coalesce(sum(amount - credit_applied), 0),
                           coalesce(sum(CASE WHEN gated = 0 AND waived_at IS NULL AND due_at <= %d THEN 1 ELSE 0 END), 0)
                    FROM invoices WHERE status = 'pending' GROUP BY rail, currency ORDER BY rail, currency""".formatted(overdueBy));
            plans.put("overdue", """
                    SELECT id FROM invoices WHERE status = 'pending' AND gated = 0 AND due_at <= %d
                    AND waived_at IS NULL ORDER BY due_at, id LIMIT 20""".formatted(overdueBy));
            plans.put("failure count", """
                    SELECT count(*) FROM invoices
                    WHERE autopay_error IS NOT NULL OR payment_error IS NOT NULL OR autopay_hold IS NOT NULL""");
            plans.put(
                    "pending invoices",
                    "SELECT count(*), sum(CASE WHEN due_at <= %d THEN 1 ELSE 0 END) FROM invoices WHERE status = 'pending'"
                            .formatted(overdueBy));
            for (var p : plans.entrySet()) {
                System.out.println("  plan of " + p.getKey() + ":");
                String sql = p.getKey().equals("pending invoices") ? p.getValue() : explain + p.getValue();
                h.createQuery(sql).mapToMap().list().forEach(row -> System.out.println("    " + row.values()));
            }
        });
    }
}
