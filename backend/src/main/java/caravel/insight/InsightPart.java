package caravel.insight;

import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;

/**
 * A relay's insight as a relay part: the figures the watch summed per day and the rankings' windows.
 */
public final class InsightPart implements RelayPart {

    @Override
    public String name() {
        return "insight";
    }

    @Override
    public Set<String> tables() {
        return Set.of(
                "insight_days",
                "insight_kinds",
                "insight_authors",
                "insight_seen",
                "insight_totals",
                "insight_windows",
                "insight_media");
    }

    @Override
    public Declared<BackupSection> backup() {
        return Declared.nothing(
                "insight's figures are sums of what the relay was sent, not something to restore: they grow again from the restored events' arrival");
    }

    @Override
    public Declared<Move> move() {
        return Declared.nothing("its rows are in Caravel's database, which a move between zooid nodes does not change");
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return switch (event) {
            case TRANSFERRED ->
                Declared.nothing("the figures describe the relay, whoever owns it: the new owner sees its history");
            case SUSPENDED -> Declared.nothing("the figures stop growing while the relay is stopped; they stay");
            case DELETED ->
                Declared.nothing("the figures stay for the undo window, and the rankings leave deleted relays out");
            case UNDELETED -> Declared.nothing("the figures stayed through the deletion");
            case PURGED ->
                Declared.nothing(
                        "the daily figures stay in Caravel's database as the platform's history (the platform's own totals are summed from them); no relay view reads them again");
        };
    }
}
