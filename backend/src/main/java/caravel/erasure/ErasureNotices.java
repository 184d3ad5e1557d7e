package caravel.erasure;

import caravel.domain.Actor;
import caravel.nostr.Nip19;
import caravel.relayaccess.RelayAccess;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jdbi.v3.core.Handle;

/**
 * What an erasure tells when it is done: the relay's activity log (what was removed, by whose request), and the person,
 * by the robot's DM: what was erased, and what the relay's older backups still hold and until which date (the plan keeps
 * a number of backups, so the last one taken before the erasure goes once that many newer ones were taken: a date on a
 * daily or weekly schedule, {@link OlderBackups}).
 */
final class ErasureNotices {
    private final ActivityLog activity;
    private final Robot robot;
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final OlderBackups backups;
    private final RelayAccess access;
    private final Clock clock;

    ErasureNotices(ActivityLog activity, Robot robot, OlderBackups backups, RelayAccess access, Clock clock) {
        this.activity = activity;
        this.robot = robot;
        this.backups = backups;
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
        return (row.source().equals("vanish")
                        ? "Your request to vanish (NIP-62) from " + url + " was honoured. "
                        : "The owner of " + url + " erased you from it. ")
                + row.eventsRemoved() + " of your events written up to then were removed from the relay, and it"
                + " refuses them if they are published again. Your membership, your name there, any paid"
                + " membership and the relay's activity figures about you have ended. "
                + backupsSentence(backups.held(r, clock.millis() / 1000))
                + " A restore of any backup of the relay always leaves you out. See the platform's docs on erasure.";
    }

    /** What the relay's older backups hold, and the date the last of them is removed. */
    static String backupsSentence(OlderBackups.Held held) {
        if (held.backups() == 0) return "No backup of the relay was taken before now, so none holds your events.";
        String some = held.backups() == 1
                ? "The relay's backup taken before now may still hold your events"
                : "The relay's " + held.backups() + " backups taken before now may still hold your events";
        if (held.untilS() == null)
            return some + ": its scheduled backups are off, so the last of them is removed only once " + held.kept()
                    + " newer backups have been taken by its owner.";
        return some + " until " + DAY.format(Instant.ofEpochSecond(held.untilS())) + " (UTC) at the latest: the"
                + " relay is backed up " + held.schedule() + " and keeps its " + held.kept() + " newest backups, so"
                + " the last one holding them is removed by then.";
    }

    /** The date the DM gives, as it writes it (tests compare with it). */
    static String day(long epochSeconds) {
        return DAY.format(Instant.ofEpochSecond(epochSeconds));
    }
}
