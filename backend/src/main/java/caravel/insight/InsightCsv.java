package caravel.insight;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A relay's daily figures as CSV (RFC 4180: comma-separated, CRLF line ends, a header row), one row per UTC day from
 * the first to the last asked, 0 where nothing was seen. Every field is a date or a figure.
 */
final class InsightCsv {
    static final String HEADER = "date,events,posts,event_bytes,joins,leaves,authors,reports,refused_joins";

    private InsightCsv() {}

    static String write(
            long fromDay, long toDay, List<InsightStore.Day> days, Map<Long, Long> reports, Map<Long, Long> refusals) {
        Map<Long, InsightStore.Day> byDay = new HashMap<>();
        for (InsightStore.Day d : days) byDay.put(d.day(), d);
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (long day = fromDay; day <= toDay; day++) {
            InsightStore.Day d = byDay.getOrDefault(day, new InsightStore.Day(day, 0, 0, 0, 0, 0, 0));
            long[] figures = {
                d.events(),
                d.posts(),
                d.bytes(),
                d.joins(),
                d.leaves(),
                d.authors(),
                reports.getOrDefault(day, 0L),
                refusals.getOrDefault(day, 0L)
            };
            out.append(LocalDate.ofEpochDay(day));
            for (long f : figures) out.append(',').append(f);
            out.append("\r\n");
        }
        return out.toString();
    }
}
