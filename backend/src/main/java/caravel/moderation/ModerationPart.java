package caravel.moderation;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.does;
import static caravel.relayparts.Declared.nothing;

import caravel.relayaccess.CommunityStore;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayRpc;
import caravel.relayparts.Declaration;
import caravel.relayparts.DeclaredPart;
import caravel.relayparts.Move;
import org.jdbi.v3.core.Jdbi;

/**
 * A relay's moderation as a relay part: its bans (in a backup) and its moderation queue. A purge also removes the
 * relay's ban terms and community records ({@code relay_ban_terms}, {@code community_*}), whose relay column is named
 * {@code relay}.
 */
public final class ModerationPart extends DeclaredPart {
    /** @param jdbi the database whose queue, ban terms and community records a purge removes */
    public ModerationPart(Moderation moderation, RelayRpc rpc, RelayAccess access, Jdbi jdbi) {
        super(declaration(new BansBackup(moderation, rpc, access), jdbi));
    }

    private static Declaration declaration(BansBackup bans, Jdbi jdbi) {
        QueueStore queue = new QueueStore(jdbi);
        BanTermStore banTerms = new BanTermStore(jdbi);
        CommunityStore community = new CommunityStore(jdbi);
        return part(
                        "moderation",
                        "moderation_items",
                        "moderation_reports",
                        "moderation_settings",
                        "relay_ban_terms",
                        "community_reports",
                        "community_event_bans",
                        "community_member_adds",
                        "community_cap_refusals")
                .backup(does(
                        "bans.json: the relay's bans with their reasons, applied through Moderation.ban and unban",
                        bans))
                .move(Move.COPIED_WHOLE)
                .transferred(nothing("bans and the queue are the relay's: they stay for the new owner"))
                .suspended(nothing("the queue waits while the relay is stopped"))
                .deleted(nothing("the queue and bans stay for the undo window"))
                .undeleted(nothing("the queue and bans stayed through the deletion"))
                .purged(does(
                        "the queue, its reports and settings, the terms of the relay's bans, its reports seen, deleted"
                                + " events' reasons, members added through Caravel and cap refusals are removed for good:"
                                + " they are the relay's community, and no page reads them again (platform bans stay:"
                                + " they are the platform's)",
                        (h, e) -> {
                            String id = e.relay().id();
                            queue.removeRelay(h, id);
                            banTerms.removeRelay(h, id);
                            community.removeRelay(h, id);
                        }))
                .erased(
                        nothing(
                                "the bans, the queue and the reports are the relay's moderation record; the reported events themselves are gone with the person's events"));
    }
}
