package caravel.backups;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What the owner reads of their relay's backups: the lines of the relay's activity log, and the robot's DMs when a
 * backup kept without some media or was given up. Only the words are here; when to say them is the caller's.
 */
final class BackupNotices {
    private final ActivityLog activity;
    private final Robot robot;
    private final Jdbi jdbi;
    private final Clock clock;

    BackupNotices(ActivityLog activity, Robot robot, Jdbi jdbi, Clock clock) {
        this.activity = activity;
        this.robot = robot;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    void taken(Relay r, Manifest c) {
        activity.add(
                r.tenant(),
                r.id(),
                "backup_taken",
                "Backup taken: " + c.count("events") + " events, " + c.count("blobs") + " media files, "
                        + c.count("members") + " members",
                Actor.SYSTEM,
                Epoch.seconds(clock));
    }

    /** The owner is told of blobs a backup kept without (activity and the robot's DM), once per backup. */
    void unreadable(Relay r, String id, List<BackupWriter.Unreadable> unreadable) {
        String what = BackupWriter.unreadableNote(unreadable);
        activity.add(
                r.tenant(),
                r.id(),
                "backup_media_unreadable",
                "Backup " + id + ": " + what,
                Actor.SYSTEM,
                Epoch.seconds(clock));
        jdbi.useTransaction(h -> robot.sendDm(
                h,
                r.tenant(),
                "The backup of your relay \"" + r.name() + "\" was kept, events and all, without "
                        + what.substring(0, 1).toLowerCase(Locale.ROOT) + what.substring(1)
                        + " A file the relay cannot serve whole is damaged on the relay's server;"
                        + " if you have it elsewhere, upload it again.",
                r.tenant(),
                r.id(),
                "backup-media-unreadable:" + id));
    }

    /** The robot's DM, in the caller's transaction, that backup {@code b} of the relay named {@code relay} was given up. */
    void gaveUp(Handle h, RelayBackupStore.Backup b, String relay, int attempts, String why) {
        robot.sendDm(
                h,
                b.tenant(),
                "The backup of your relay \"" + relay + "\" failed " + attempts
                        + " times and was given"
                        + " up: " + why
                        + ". Your earlier backups are kept; the next scheduled one tries"
                        + " again, or take one now from the relay's page.",
                b.tenant(),
                b.relayId(),
                "backup-failed:" + b.id());
        activity.add(
                h,
                b.tenant(),
                b.relayId(),
                "backup_failed",
                "Backup failed " + attempts + " times and was given up: " + why,
                Actor.SYSTEM,
                Epoch.seconds(clock));
    }

    void uploaded(Relay r, Manifest m, Actor actor) {
        activity.add(
                r.tenant(),
                r.id(),
                "backup_uploaded",
                "Backup archive uploaded: " + m.count("events") + " events, " + m.count("blobs") + " media files",
                actor,
                Epoch.seconds(clock));
    }

    void scheduleSet(Relay r, String every, Actor actor) {
        activity.add(r.tenant(), r.id(), "backup_schedule", "Backups set to " + every, actor, Epoch.seconds(clock));
    }

    void downloaded(RelayBackupStore.Backup b, Actor actor) {
        activity.add(
                b.tenant(),
                b.relayId(),
                "backup_downloaded",
                "Backup " + b.id() + " downloaded",
                actor,
                Epoch.seconds(clock));
    }
}
