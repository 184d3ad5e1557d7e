package caravel.moderation;

import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayRpc;
import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;

/**
 * A relay's moderation as a relay part: its bans (in a backup) and its moderation queue.
 */
public final class ModerationPart implements RelayPart {
    private final BansBackup backup;

    public ModerationPart(Moderation moderation, RelayRpc rpc, RelayAccess access) {
        this.backup = new BansBackup(moderation, rpc, access);
    }

    @Override
    public String name() {
        return "moderation";
    }

    @Override
    public Set<String> tables() {
        return Set.of("moderation_items", "moderation_reports", "moderation_settings");
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
                Declared.nothing(
                        "the queue's rows stay in Caravel's database after the purge (no page reads them again); removing them is a known gap written in docs/deleting.md");
        };
    }
}
