package caravel.money;

import caravel.billing.PlanPrices;
import caravel.billing.Renewals;
import caravel.config.FiatRate;
import caravel.domain.Epoch;
import caravel.domain.Plan;
import caravel.domain.RelayStatus;
import caravel.relays.RelayStateMachine;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The operator's money view: revenue by month (sats and fiat) and by the way it was paid, recurring revenue, open and
 * overdue invoices, failed automatic payments with their reasons, paid relays gained and lost (churn), and the
 * platform's people (with relays, apart from those who only signed in). Reads only: the sums come from tables the
 * database keeps beside the invoices and relays (migration V80), so the view costs the same at 100,000 tenants as
 * at ten.
 */
public final class MoneyReports {
    /** The months shown, the current one included. */
    static final int MONTHS = 12;

    /** How many overdue invoices and failed payments are listed (their totals count all of them). */
    static final int LISTED = 20;

    private final Jdbi jdbi;
    private final Clock clock;
    private final PlanPrices prices;
    private final MoneyStore store = new MoneyStore();

    public MoneyReports(Jdbi jdbi, Clock clock, PlanPrices prices) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.prices = prices;
    }

    public MoneyReport report() {
        long now = Epoch.seconds(clock);
        long current = Months.of(now);
        long first = current - MONTHS + 1;
        long overdueBy = now - Renewals.GRACE_SECONDS;
        return jdbi.withHandle(h -> {
            List<MoneyStore.RevenueRow> revenue = store.revenueSince(h, first);
            String fiat = fiatCurrency(revenue);
            long owners = store.owners(h);
            long signedIn = store.signedIn(h);
            Map<String, Long> paidServed = paidServedByPlan(h);
            MoneyStore.FailureCount failures = store.failureCount(h);
            return new MoneyReport(
                    now,
                    fiat,
                    new MoneyReport.People(owners, signedIn, Math.max(0, signedIn - owners)),
                    recurring(paidServed),
                    months(revenue, first, current, fiat),
                    byWay(revenue, fiat),
                    store.open(h, overdueBy),
                    store.overdue(h, overdueBy, LISTED),
                    new MoneyReport.Failures(failures.total(), failures.unpaid(), store.failures(h, LISTED)),
                    churn(store.movesSince(h, first), paidServed, first, current));
        });
    }

    /** Every month's payments by way and fiat currency, since the first, as CSV (RFC 4180). */
    public String csv() {
        List<MoneyStore.RevenueRow> rows = jdbi.withHandle(h -> store.revenueSince(h, 0));
        return MoneyCsv.write(rows);
    }

    /**
     * The currency fiat figures are given in: the plans' when they are priced in one, else the configured bitcoin
     * price's, else the one payments were made in (card payments, say), if any.
     */
    private String fiatCurrency(List<MoneyStore.RevenueRow> revenue) {
        if (!prices.currency().sats()) return prices.currency().code();
        Optional<String> rate = prices.rate().map(FiatRate::currency);
        if (rate.isPresent()) return rate.get();
        return revenue.stream()
                .map(MoneyStore.RevenueRow::fiatCurrency)
                .filter(c -> !c.isEmpty())
                .findFirst()
                .orElse(null);
    }

    private static long fiatIn(MoneyStore.RevenueRow r, String currency) {
        return currency != null && r.fiatCurrency().equalsIgnoreCase(currency) ? r.fiat() : 0;
    }

    private static List<MoneyReport.Month> months(
            List<MoneyStore.RevenueRow> revenue, long first, long current, String fiat) {
        List<MoneyReport.Month> out = new ArrayList<>();
        for (long m = first; m <= current; m++) {
            long month = m;
            List<MoneyStore.RevenueRow> of =
                    revenue.stream().filter(r -> r.month() == month).toList();
            out.add(new MoneyReport.Month(
                    Months.name(m),
                    of.stream().mapToLong(MoneyStore.RevenueRow::invoices).sum(),
                    of.stream().mapToLong(MoneyStore.RevenueRow::sats).sum(),
                    of.stream().mapToLong(r -> fiatIn(r, fiat)).sum(),
                    byWay(of, fiat)));
        }
        return out;
    }

    /** The rows' totals per way, in the order of {@link Ways#ALL}; ways with no payment left out. */
    private static List<MoneyReport.WayTotal> byWay(List<MoneyStore.RevenueRow> rows, String fiat) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (String w : Ways.ALL) sums.put(w, new long[3]);
        for (MoneyStore.RevenueRow r : rows) {
            long[] s = sums.computeIfAbsent(r.way(), k -> new long[3]);
            s[0] += r.invoices();
            s[1] += r.sats();
            s[2] += fiatIn(r, fiat);
        }
        return sums.entrySet().stream()
                .filter(e -> e.getValue()[0] > 0)
                .map(e -> new MoneyReport.WayTotal(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
                .toList();
    }

    /** Relays in service on each paid plan of the catalog (a plan no longer in it is left out: it has no price). */
    private Map<String, Long> paidServedByPlan(Handle h) {
        Map<String, Long> out = new TreeMap<>();
        for (MoneyStore.PlanCount c : store.relaysByPlan(h)) {
            Optional<Plan> plan = prices.plans().byId(c.plan());
            if (plan.isEmpty() || !plan.get().paid() || !served(c.status())) continue;
            out.merge(c.plan(), c.relays(), Long::sum);
        }
        return out;
    }

    private static boolean served(String status) {
        return RelayStateMachine.served(RelayStatus.of(status));
    }

    private MoneyReport.Recurring recurring(Map<String, Long> paidServed) {
        Optional<FiatRate> rate = prices.rate();
        boolean plansInSats = prices.currency().sats();
        List<MoneyReport.PlanLine> lines = new ArrayList<>();
        long relays = 0;
        Long sats = 0L, fiat = 0L;
        for (Plan p : prices.plans().paid()) {
            long n = paidServed.getOrDefault(p.id(), 0L);
            if (n == 0) continue;
            relays += n;
            Long planSats = prices.satsNow(p).map(s -> s * n).orElse(null);
            Long planFiat = plansInSats
                    ? rate.map(r -> PlanPrices.fiat(p.price() * n, r)).orElse(null)
                    : Long.valueOf(p.price() * n);
            lines.add(new MoneyReport.PlanLine(p.id(), p.name(), n, planSats, planFiat));
            sats = sats == null || planSats == null ? null : sats + planSats;
            fiat = fiat == null || planFiat == null ? null : fiat + planFiat;
        }
        return new MoneyReport.Recurring(relays, sats, fiat, lines);
    }

    /**
     * Paid relays gained and lost per month, from the recorded moves; the count at each month's start is worked back
     * from today's (at the end of a month = at the start of the next).
     */
    private List<MoneyReport.Churn> churn(
            List<MoneyStore.MoveRow> moves, Map<String, Long> paidServed, long first, long current) {
        long recordedFrom =
                moves.stream().mapToLong(MoneyStore.MoveRow::month).min().orElse(current);
        long end = paidServed.values().stream().mapToLong(Long::longValue).sum();
        List<MoneyReport.Churn> out = new ArrayList<>();
        for (long m = current; m >= first; m--) {
            long gained = 0, lost = 0, up = 0, down = 0;
            for (MoneyStore.MoveRow r : moves) {
                if (r.month() != m) continue;
                long from = price(r.fromPlan()), to = price(r.toPlan());
                if (from == 0 && to > 0) gained += r.relays();
                else if (from > 0 && to == 0) lost += r.relays();
                else if (from > 0 && to > from) up += r.relays();
                else if (from > 0 && to < from) down += r.relays();
            }
            long start = Math.max(0, end - gained + lost);
            out.add(
                    0,
                    new MoneyReport.Churn(
                            Months.name(m),
                            start,
                            gained,
                            lost,
                            up,
                            down,
                            start == 0 ? null : (double) lost / start,
                            m >= recordedFrom));
            end = start;
        }
        return out;
    }

    /** A plan's monthly price in the catalog's currency; 0 for none ('', a free plan, a plan no longer sold). */
    private long price(String plan) {
        if (plan.isEmpty()) return 0;
        return prices.plans().byId(plan).map(Plan::price).orElse(0L);
    }

    /** The ways a payment is made, in the order they are shown. */
    static final class Ways {
        static final List<String> ALL = List.of("lightning", "autopay", "card", "card_checkout", "credit");

        private Ways() {}
    }

    /** Months counted as the migration counts them: year * 12 + month - 1, in UTC. */
    static final class Months {
        private Months() {}

        static long of(long epochSeconds) {
            var d = java.time.Instant.ofEpochSecond(epochSeconds).atOffset(java.time.ZoneOffset.UTC);
            return d.getYear() * 12L + d.getMonthValue() - 1;
        }

        static String name(long month) {
            return String.format(Locale.ROOT, "%04d-%02d", month / 12, month % 12 + 1);
        }
    }
}
