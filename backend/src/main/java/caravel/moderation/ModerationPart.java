package caravel.moderation;

import caravel.relayaccess.CommunityStore;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayRpc;
import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * A relay's moderation as a relay part: its bans (in a backup) and its moderation queue. A purge also removes the
 * relay's ban terms and community records ({@code relay_ban_terms}, {@code community_*}), whose relay column is named
 * {@code relay}, so {@link #tables()} (the {@code relay_id} tables) does not list them.
 */
public final class ModerationPart implements RelayPart {
    private final BansBackup backup;
    private final QueueStore queue;
    private final BanTermStore banTerms;
    private final CommunityStore community;

    /** @param jdbi the database whose queue, ban terms and community records a purge removes */
    public ModerationPart(Moderation moderation, RelayRpc rpc, RelayAccess access, Jdbi jdbi) {
        this.backup = new BansBackup(moderation, rpc, access);
        this.queue = new QueueStore(jdbi);
        this.banTerms = new BanTermStore(jdbi);
        this.community = new CommunityStore(jdbi);
    }

    @Override
    public String name() {
        return "moderation";
    }

    @Override
    public Set<String> tables() {
        return Set.of(
                "moderation_items",
                "moderation_reports",
                "moderation_settings",
                "relay_ban_terms",
                "community_reports",
                "community_event_bans",
                "community_member_adds",
                "community_cap_refusals");
    }

    @Override
    public Declared<BackupSection> backup() {
        return Declared.does(
                "bans.json: the relay's bans with their reasons, applied through Moderation.ban and unban", backup);
    }

    @Override
    public Declared<Move> move() {
        return Declared.nothing("its state is in the relay's zooid config and database, which the move copies whole");
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return switch (event) {
            case TRANSFERRED -> Declared.nothing("bans and the queue are the relay's: they stay for the new owner");
            case SUSPENDED -> Declared.nothing("the queue waits while the relay is stopped");
            case DELETED -> Declared.nothing("the queue and bans stay for the undo window");
            case UNDELETED -> Declared.nothing("the queue and bans stayed through the deletion");
            case PURGED ->
                Declared.does(
                        "the queue, its reports and settings, the terms of the relay's bans, its reports seen, deleted"
                                + " events' reasons, members added through Caravel and cap refusals are removed for good:"
                                + " they are the relay's community, and no page reads them again (platform bans stay:"
                                + " they are the platform's)",
                        (h, e) -> {
                            String id = e.relay().id();
                            queue.removeRelay(h, id);
                            banTerms.removeRelay(h, id);
                            community.removeRelay(h, id);
                        });
        };
    }
}
