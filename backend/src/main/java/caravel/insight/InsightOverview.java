package caravel.insight;

import java.util.List;

/**
 * The platform admin's insight across relays (GET /admin/insight): the platform's last 30 days, the largest relays
 * (members), the busiest (events over 7 days), the fastest growing (members gained over 30 days), and the relays near
 * their plan's member cap (at least {@link Insight#NEAR_CAP} of it).
 */
public record InsightOverview(
        long asOf,
        List<PlatformDay> days,
        List<RelayFigure> largest,
        List<RelayFigure> busiest,
        List<RelayFigure> growing,
        List<NearLimit> nearLimits) {

    public record PlatformDay(String date, long events, long posts, long bytes, long joins, long leaves) {}

    /** A relay and the figure it is ranked by ({@code value}), with its members and event bytes seen. */
    public record RelayFigure(
            String relayId, String name, String tenant, String plan, long value, long members, long eventBytes) {}

    /** A relay near its plan's cap: members against the cap, and what fraction of it they use. */
    public record NearLimit(
            String relayId, String name, String tenant, String plan, long members, int cap, double used) {}
}
