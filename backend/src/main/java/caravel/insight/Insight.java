package caravel.insight;

import caravel.domain.Epoch;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.relayaccess.CommunityStore;
import caravel.store.Relay;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads the insight aggregates ({@link InsightRecorder} writes them): one relay's figures for its owner, the platform's
 * for the admin, the per-plan sums for the metrics. Each read is a handful of range queries on primary keys, bounded
 * by days and relays, never by events; see docs/insight.md for where each figure comes from and how exact it is.
 */
public final class Insight {
    /** A relay is near its limit from this fraction of its plan's member cap. */
    public static final double NEAR_CAP = 0.8;

    static final int TOP_POSTERS = 10, RANKED = 10, NEAR_LIMITS = 50;
    static final String MEDIA_NOTE = "zooid does not report how much media a relay holds; Blossom files are kept by"
            + " zooid (its disk or the configured S3 bucket), outside Caravel's view: a backup counts them.";
    static final String MEDIA_COUNTED_NOTE = "media is as the relay's last backup counted it (the Blossom files it"
            + " found); zooid itself reports no per-relay figure.";

    private final Jdbi jdbi;
    private final Clock clock;
    private final Plans plans;
    private final CommunityStore community;
    private final InsightStore store = new InsightStore();
    private final InsightWindowStore windows = new InsightWindowStore();

    public Insight(Jdbi jdbi, Clock clock, Plans plans, CommunityStore community) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.plans = plans;
        this.community = community;
    }

    private long today() {
        return Math.floorDiv(Epoch.seconds(clock), 86_400);
    }

    /**
     * The relays where the watch saw {@code pubkey}'s events arrive lately (insight keeps who wrote for 31 days), at
     * most {@code limit}: relays holding their events by Caravel's own record, without asking each relay.
     */
    public List<String> relaysWrittenOnBy(String pubkey, int limit) {
        return jdbi.withHandle(h -> store.relaysWrittenOnBy(h, pubkey, limit));
    }

    /** The relay's insight: 30 days day by day, 12 months month by month, and the figures beside them. */
    public InsightReport forRelay(Relay r) {
        long today = today();
        long from30 = today - 29;
        LocalDate firstOfMonth = LocalDate.ofEpochDay(today).withDayOfMonth(1).minusMonths(11);
        long fromYear = firstOfMonth.toEpochDay();
        return jdbi.withHandle(h -> {
            List<InsightStore.Day> rows = store.days(h, r.id(), Math.min(fromYear, from30));
            Map<Long, Long> reports = community.reportsPerDay(h, r.id(), from30);
            Map<Long, Long> refusals = community.refusalsPerDay(h, r.id(), from30);
            Map<Long, InsightStore.Day> byDay = new LinkedHashMap<>();
            for (InsightStore.Day d : rows) byDay.put(d.day(), d);
            List<InsightReport.Day> days = new ArrayList<>(30);
            long joins30 = 0, leaves30 = 0, bytes30 = 0;
            for (long day = from30; day <= today; day++) {
                InsightStore.Day d = byDay.get(day);
                InsightStore.Day z = d == null ? new InsightStore.Day(day, 0, 0, 0, 0, 0, 0) : d;
                joins30 += z.joins();
                leaves30 += z.leaves();
                bytes30 += z.bytes();
                days.add(new InsightReport.Day(
                        LocalDate.ofEpochDay(day).toString(),
                        z.events(),
                        z.posts(),
                        z.bytes(),
                        z.joins(),
                        z.leaves(),
                        z.authors(),
                        reports.getOrDefault(day, 0L),
                        refusals.getOrDefault(day, 0L)));
            }
            List<InsightReport.Month> months = months(rows, firstOfMonth, 12);
            List<InsightReport.KindCount> kinds = store.kinds(h, r.id(), from30).stream()
                    .map(c -> new InsightReport.KindCount(Integer.parseInt(c.key()), c.n()))
                    .toList();
            var active = new InsightReport.Active(
                    store.activeAuthors(h, r.id(), today - 6), store.activeAuthors(h, r.id(), from30));
            List<InsightReport.Poster> top = store.topAuthors(h, r.id(), from30, TOP_POSTERS).stream()
                    .map(c -> new InsightReport.Poster(c.key(), c.n()))
                    .toList();
            Optional<InsightStore.Totals> totals = store.totals(h, r.id());
            Plan plan = plans.byId(r.plan()).orElse(null);
            Long members = totals.filter(t -> t.membersAt() > 0)
                    .map(InsightStore.Totals::members)
                    .orElse(null);
            return new InsightReport(
                    Epoch.seconds(clock),
                    r.plan(),
                    totals.map(t -> LocalDate.ofEpochDay(t.firstDay()).toString())
                            .orElse(null),
                    days,
                    months,
                    kinds,
                    active,
                    top,
                    new InsightReport.Members(members, plan == null ? null : plan.maxMembers(), joins30, leaves30),
                    storage(totals, bytes30, store.media(h, r.id()), plan != null && plan.blossom()));
        });
    }

    private static InsightReport.Storage storage(
            Optional<InsightStore.Totals> totals,
            long bytes30,
            Optional<InsightStore.MediaCount> media,
            boolean mediaAllowed) {
        return new InsightReport.Storage(
                totals.map(InsightStore.Totals::bytes).orElse(0L),
                bytes30,
                media.map(InsightStore.MediaCount::bytes).orElse(null),
                media.map(InsightStore.MediaCount::files).orElse(null),
                media.map(InsightStore.MediaCount::countedAt).orElse(null),
                mediaAllowed,
                media.isPresent() ? MEDIA_COUNTED_NOTE : MEDIA_NOTE);
    }

    /**
     * What a finished backup counted of the relay's media (the Blossom files it found, their bytes), at {@code
     * countedAt} (epoch seconds): the relay's media figure from then on, as zooid reports none. A backup that could
     * not list the media does not call this.
     */
    public void mediaCounted(String relayId, long bytes, long files, long countedAt) {
        jdbi.useHandle(h -> store.mediaCounted(h, relayId, new InsightStore.MediaCount(bytes, files, countedAt)));
    }

    /** Sums daily rows into {@code count} UTC months from {@code first}; months without rows are 0. */
    static List<InsightReport.Month> months(List<InsightStore.Day> rows, LocalDate first, int count) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) sums.put(first.plusMonths(i).toString().substring(0, 7), new long[5]);
        for (InsightStore.Day d : rows) {
            long[] m = sums.get(LocalDate.ofEpochDay(d.day()).toString().substring(0, 7));
            if (m == null) continue;
            m[0] += d.events();
            m[1] += d.posts();
            m[2] += d.bytes();
            m[3] += d.joins();
            m[4] += d.leaves();
        }
        List<InsightReport.Month> out = new ArrayList<>(count);
        sums.forEach((month, m) -> out.add(new InsightReport.Month(month, m[0], m[1], m[2], m[3], m[4])));
        return out;
    }

    /** The relay's daily figures as CSV: the last 366 days (see {@link InsightCsv}). */
    public String csv(Relay r) {
        long today = today();
        long from = today - 365;
        return jdbi.withHandle(h -> InsightCsv.write(
                from,
                today,
                store.days(h, r.id(), from),
                community.reportsPerDay(h, r.id(), from),
                community.refusalsPerDay(h, r.id(), from)));
    }

    /** The platform admin's overview across relays. */
    public InsightOverview overview() {
        long today = today();
        // the first to see a new day moves the rankings' windows (the recorder does within a second of midnight)
        if (jdbi.withHandle(windows::day) < today) jdbi.useTransaction(h -> windows.roll(h, today));
        return jdbi.withHandle(h -> {
            List<InsightOverview.PlatformDay> days = new ArrayList<>(30);
            Map<Long, InsightStore.Day> byDay = new LinkedHashMap<>();
            for (InsightStore.Day d : store.platformDays(h, today - 29)) byDay.put(d.day(), d);
            for (long day = today - 29; day <= today; day++) {
                InsightStore.Day d = byDay.getOrDefault(day, new InsightStore.Day(day, 0, 0, 0, 0, 0, 0));
                days.add(new InsightOverview.PlatformDay(
                        LocalDate.ofEpochDay(day).toString(), d.events(), d.posts(), d.bytes(), d.joins(), d.leaves()));
            }
            return new InsightOverview(
                    Epoch.seconds(clock),
                    days,
                    figures(store.largest(h, RANKED)),
                    figures(windows.busiest(h, RANKED)),
                    figures(windows.growing(h, RANKED)),
                    nearLimits(h));
        });
    }

    private static List<InsightOverview.RelayFigure> figures(List<InsightStore.Ranked> rows) {
        return rows.stream()
                .map(r -> new InsightOverview.RelayFigure(
                        r.relayId(), r.name(), r.tenant(), r.plan(), r.value(), r.members(), r.bytes()))
                .toList();
    }

    /** Per plan with a cap, the active relays at {@link #NEAR_CAP} of it or more; the fullest first. */
    private List<InsightOverview.NearLimit> nearLimits(Handle h) {
        List<InsightOverview.NearLimit> out = new ArrayList<>();
        for (Plan p : plans.all()) {
            if (p.maxMembers() == null || p.maxMembers() <= 0) continue;
            long min = (long) Math.ceil(p.maxMembers() * NEAR_CAP);
            for (InsightStore.Ranked r : store.nearCap(h, p.id(), min, NEAR_LIMITS))
                out.add(new InsightOverview.NearLimit(
                        r.relayId(),
                        r.name(),
                        r.tenant(),
                        r.plan(),
                        r.members(),
                        p.maxMembers(),
                        Math.round(1000.0 * r.members() / p.maxMembers()) / 1000.0));
        }
        out.sort((a, b) -> Double.compare(b.used(), a.used()));
        return out.size() > NEAR_LIMITS ? List.copyOf(out.subList(0, NEAR_LIMITS)) : out;
    }

    /** Per plan, summed over its relays (the metrics: one label value per plan of the catalog, a bounded set). */
    public record PlanFigures(String plan, long relays, long events, long eventBytes, long members) {}

    public List<PlanFigures> byPlan() {
        return jdbi.withHandle(h -> store.byPlan(h).stream()
                .map(s -> new PlanFigures(s.plan(), s.relays(), s.events(), s.bytes(), s.members()))
                .toList());
    }
}
