package caravel.insight;

import caravel.nostr.Keys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The insight bench's seed (issue 45): what a year of {@link InsightRecorder}'s flushes leaves. Lives in the insight
 * package so the daily rows and the rankings' windows are written by the flush's own calls ({@link
 * InsightStore#addDays}, {@link InsightWindowStore#roll} then {@link InsightWindowStore#add}), and the bench reads what
 * production has.
 */
public final class InsightSeed {
    private InsightSeed() {}

    /**
     * Per relay: a row a day with varied figures, 5 kinds a day for 93 days, 12 authors a day (of 40) for 31 days, its
     * totals, its windows; the platform's days. Busier relays are busier every day (a skew as real platforms have).
     * Returns the rows written.
     */
    public static long seed(Jdbi jdbi, List<String> ids, long today) {
        InsightStore store = new InsightStore();
        InsightWindowStore windows = new InsightWindowStore();
        Random rnd = new Random(7);
        int[] kinds = {1, 7, 9, 1111, 30023};
        List<String> authors = new ArrayList<>();
        for (int i = 0; i < 40; i++) authors.add(Keys.generate().pubkey());
        long[] count = {0};
        for (int from = 0; from < ids.size(); from += 50) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 50));
            jdbi.useTransaction(h -> {
                Map<InsightRecorder.RelayDay, long[]> days = new HashMap<>();
                PreparedBatch kind =
                        h.prepareBatch("INSERT INTO insight_kinds (relay_id, day, kind, events) VALUES (?, ?, ?, ?)");
                PreparedBatch author = h.prepareBatch(
                        "INSERT INTO insight_authors (relay_id, day, pubkey, events) VALUES (?, ?, ?, ?)");
                PreparedBatch totals = h.prepareBatch(
                        "INSERT INTO insight_totals (relay_id, events, bytes, members, members_at, first_day)"
                                + " VALUES (?, ?, ?, ?, ?, ?)");
                for (String id : chunk) {
                    int scale = 1 + rnd.nextInt(200);
                    long sumEvents = 0, sumBytes = 0;
                    for (long d = today - 365; d <= today; d++) {
                        long events = (long) scale + rnd.nextInt(scale * 2 + 1);
                        long posts = events / 3;
                        long bytes = events * (400 + rnd.nextInt(400));
                        sumEvents += events;
                        sumBytes += bytes;
                        days.put(
                                new InsightRecorder.RelayDay(id, d),
                                new long[] {events, posts, bytes, rnd.nextInt(3), rnd.nextInt(2), 1 + rnd.nextInt(12)});
                        count[0]++;
                        if (d > today - 93)
                            for (int k : kinds) {
                                kind.add(id, d, k, 1 + rnd.nextInt(scale));
                                count[0]++;
                            }
                        if (d > today - 31)
                            for (int a = 0; a < 12; a++) {
                                author.add(id, d, authors.get((a * 3 + (int) d) % authors.size()), 1 + rnd.nextInt(9));
                                count[0]++;
                            }
                    }
                    totals.add(id, sumEvents, sumBytes, rnd.nextInt(120), today * 86_400, today - 365);
                    count[0] += 2; // its totals and its windows
                }
                // as a flush: the windows moved to today, then the days added to them and to insight_days
                long windowsDay = windows.roll(h, today);
                store.addDays(h, days);
                windows.add(h, windowsDay, days);
                kind.execute();
                author.execute();
                totals.execute();
            });
        }
        jdbi.useHandle(h -> h.execute("INSERT INTO insight_platform_days (day, events, posts, bytes, joins, leaves)"
                + " SELECT day, sum(events), sum(posts), sum(bytes), sum(joins), sum(leaves) FROM insight_days"
                + " GROUP BY day"));
        return count[0];
    }
}
