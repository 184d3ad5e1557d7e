package caravel.insight;

import caravel.bench.EachReadAlone;
import caravel.domain.Plan;
import caravel.domain.Plans;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The admin overview's reads one by one (issue 45's profile): each of {@link Insight#overview}'s queries run on its own
 * against the bench's seed, {@code samples} times on one handle, p50/p99 printed, so the bench says which read costs
 * what beside the whole request's figures. Lives in the insight package to call the store's reads as the overview
 * does.
 */
public final class OverviewReads {
    private OverviewReads() {}

    public static void profile(Jdbi jdbi, Clock clock, Plans plans, int samples) {
        InsightStore store = new InsightStore();
        InsightWindowStore windows = new InsightWindowStore();
        long today = Math.floorDiv(clock.millis() / 1000, 86_400);
        Map<String, Consumer<Handle>> reads = new LinkedHashMap<>();
        reads.put("platform days (30)", h -> store.platformDays(h, today - 29));
        reads.put("largest (members)", h -> store.largest(h, Insight.RANKED));
        reads.put("the windows' day (a new day to roll?)", windows::day);
        reads.put("busiest (events, 7 days)", h -> windows.busiest(h, Insight.RANKED));
        reads.put("growing (members gained, 30 days)", h -> windows.growing(h, Insight.RANKED));
        reads.put("near their cap (every capped plan)", h -> {
            for (Plan p : plans.all())
                if (p.maxMembers() != null && p.maxMembers() > 0)
                    store.nearCap(h, p.id(), (long) Math.ceil(p.maxMembers() * Insight.NEAR_CAP), Insight.NEAR_LIMITS);
        });
        System.out.printf("%nthe overview's reads, each alone (%d times, one handle):%n", samples);
        jdbi.useHandle(h -> EachReadAlone.print(h, reads, 20, samples, 40));
        // what the windows cost once a day: the turn (a day's rows of every relay subtracted), and the first roll
        // after the migration (summed anew); each in a transaction rolled back, so the seed stays as it was
        Map<String, Long> rolls = new LinkedHashMap<>();
        rolls.put("the day's turn (a day subtracted)", today - 1);
        rolls.put("summed anew (after the migration)", -1L);
        System.out.printf("the windows' roll, once a day (20 times each, rolled back):%n");
        for (var e : rolls.entrySet()) {
            double[] ms = new double[20];
            for (int i = 0; i < ms.length; i++) {
                long from = e.getValue();
                ms[i] = jdbi.withHandle(h -> {
                    h.begin();
                    try {
                        h.execute("UPDATE insight_windows_day SET day = ?", from);
                        long a = System.nanoTime();
                        windows.roll(h, today);
                        return (System.nanoTime() - a) / 1e6;
                    } finally {
                        h.rollback();
                    }
                });
            }
            Arrays.sort(ms);
            System.out.printf("  %-40s p50 %7.2f ms  max %7.2f ms%n", e.getKey(), ms[ms.length / 2], ms[ms.length - 1]);
        }
    }
}
