package caravel.insight;

import java.util.List;

/**
 * One relay's insight (GET /relays/:id/insight), as of {@code asOf} (epoch seconds). Days are UTC dates on which
 * Caravel saw the events ("2026-11-26"); every day of the window is present, 0 where nothing was seen. {@code
 * watchedSince} is the first day Caravel counted anything for the relay (null: nothing yet): figures before it are
 * unknown, not zero.
 */
public record InsightReport(
        long asOf,
        String plan,
        String watchedSince,
        List<Day> days,
        List<Month> months,
        List<KindCount> kinds,
        Active active,
        List<Poster> topPosters,
        Members members,
        Storage storage) {

    /** A day's figures: events and posts seen, their bytes, joins and leaves, authors, reports and refused joins. */
    public record Day(
            String date,
            long events,
            long posts,
            long bytes,
            long joins,
            long leaves,
            long authors,
            long reports,
            long refusedJoins) {}

    /** A UTC month's sums ("2026-11"). */
    public record Month(String month, long events, long posts, long bytes, long joins, long leaves) {}

    /** Events of one kind over the last 30 days. */
    public record KindCount(int kind, long events) {}

    /** Distinct authors of events over the last 7 and 30 days. */
    public record Active(long days7, long days30) {}

    /** An author and their events over the last 30 days. */
    public record Poster(String pubkey, long events) {}

    /**
     * Members as the relay's last member list said ({@code count}; null when none was seen since insight began), the
     * plan's cap (null: unlimited), joins and leaves over 30 days.
     */
    public record Members(Long count, Integer cap, long joins30, long leaves30) {}

    /**
     * Bytes of the events seen (their JSON, estimated; not zooid's disk), and what is known of media: zooid exposes no
     * per-relay figure, so {@code mediaBytes} and {@code mediaFiles} are what the relay's last finished backup counted
     * (at {@code mediaCountedAt}, epoch seconds), all null before any backup counted them; {@code mediaNote} says which.
     */
    public record Storage(
            long eventBytes,
            long eventBytes30,
            Long mediaBytes,
            Long mediaFiles,
            Long mediaCountedAt,
            boolean mediaAllowed,
            String mediaNote) {}
}
