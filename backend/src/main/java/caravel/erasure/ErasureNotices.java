package caravel.erasure;

import caravel.domain.Actor;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.nostr.Nip19;
import caravel.relayaccess.RelayAccess;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.time.Clock;
import org.jdbi.v3.core.Handle;

/**
 * What an erasure tells when it is done: the relay's activity log (what was removed, by whose request), and the person,
 * by the robot's DM: what was erased, and what the relay's older backups still hold and until when (the plan keeps a
 * number of backups, so the last one taken before the erasure goes once that many newer ones were taken).
 */
final class ErasureNotices {
    private final ActivityLog activity;
    private final Robot robot;
    private final Plans plans;
    private final RelayAccess access;
    private final Clock clock;

    ErasureNotices(ActivityLog activity, Robot robot, Plans plans, RelayAccess access, Clock clock) {
        this.activity = activity;
        this.robot = robot;
        this.plans = plans;
        this.access = access;
        this.clock = clock;
    }

    /** The erasure {@code row} of relay {@code r} is done: logged and told, in the caller's transaction. */
    void done(Handle h, Relay r, ErasureStore.Row row) {
        String who = Nip19.shortNpub(row.pubkey());
        String url = access.address(r).url();
        activity.add(
                h,
                r.tenant(),
                r.id(),
                "erasure_done",
                who + " was erased: " + row.eventsRemoved() + " of their events removed from the relay (and refused"
                        + " if published again); their membership, name, paid standing and insight entries ended",
                row.source().equals("vanish") ? Actor.person(row.pubkey()) : Actor.person(row.requestedBy()),
                clock.millis() / 1000);
        robot.sendDm(
                h,
                row.pubkey(),
                message(r, url, row),
                r.tenant(),
                r.id(),
                "erasure:" + r.id() + ":" + row.pubkey() + ":" + row.untilS());
    }

    String message(Relay r, String url, ErasureStore.Row row) {
        int kept = plans.byId(r.plan()).map(Plan::backupsKept).orElse(Plan.DEFAULT_BACKUPS_KEPT);
        return (row.source().equals("vanish")
                        ? "Your request to vanish (NIP-62) from " + url + " was honoured. "
                        : "The owner of " + url + " erased you from it. ")
                + row.eventsRemoved() + " of your events written up to then were removed from the relay, and it"
                + " refuses them if they are published again. Your membership, your name there, any paid"
                + " membership and the relay's activity figures about you have ended. Backups of the relay taken"
                + " before now may still hold your events: its plan keeps the " + kept + " newest backups, so the"
                + " last of them is gone once " + kept + " newer backups have been taken (" + kept + " days on a"
                + " daily schedule, " + kept + " weeks on a weekly one); a deleted relay's final backup is kept"
                + " until the platform removes it. See the platform's docs on erasure.";
    }
}
