package caravel.insight;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.does;
import static caravel.relayparts.Declared.nothing;

import caravel.relayparts.Declaration;
import caravel.relayparts.DeclaredPart;
import caravel.relayparts.Move;
import org.jdbi.v3.core.Jdbi;

/**
 * A relay's insight as a relay part: the figures the watch summed per day and the rankings' windows.
 */
public final class InsightPart extends DeclaredPart {
    /** @param jdbi the database whose author rows an erasure removes */
    public InsightPart(Jdbi jdbi) {
        super(declaration(jdbi, new InsightStore()));
    }

    private static Declaration declaration(Jdbi jdbi, InsightStore authors) {
        return part(
                        "insight",
                        "insight_days",
                        "insight_kinds",
                        "insight_authors",
                        "insight_seen",
                        "insight_totals",
                        "insight_windows",
                        "insight_media")
                .backup(nothing("insight's figures are sums of what the relay was sent, not something to restore: they"
                        + " grow again from the restored events' arrival"))
                .move(Move.ROWS_STAY)
                .transferred(nothing("the figures describe the relay, whoever owns it: the new owner sees its history"))
                .suspended(nothing("the figures stop growing while the relay is stopped; they stay"))
                .deleted(nothing("the figures stay for the undo window, and the rankings leave deleted relays out"))
                .undeleted(nothing("the figures stayed through the deletion"))
                .purged(nothing("the daily figures stay in Caravel's database as the platform's history (the platform's"
                        + " own totals are summed from them); no relay view reads them again"))
                .erased(does(
                        "their rows as an author (who wrote on which day: active members, top posters) are removed;"
                                + " the relay's daily totals stay, as sums that name no one",
                        req -> jdbi.useHandle(
                                h -> authors.removeAuthor(h, req.relay().id(), req.pubkey()))));
    }
}
