package caravel.backups;

import caravel.accounts.RelayOrders;
import caravel.community.Community;
import caravel.config.Config;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.jobs.Periodic;
import caravel.relayaccess.Deps;
import caravel.relays.Relays;
import caravel.team.Team;
import java.util.ArrayList;
import java.util.List;

/**
 * Relays' backups and restores wired together: the storage (RELAY_BACKUP_DIR, or the bucket of RELAY_BACKUP_S3_*),
 * the parts a backup holds, the scheduled and on-demand backups, and restores. The parts are listed once here: a new
 * part is one more {@link BackupSection} in {@link #sections}.
 */
public final class Backups implements AutoCloseable {
    public final RelayBackups backups;
    public final RelayRestores restores;
    private final BackupStorage storage;
    private final boolean scheduled;

    /** What backups reach into: the community tools, relay creation, the job queue, the relay's team. */
    public record Wiring(
            Config config, Community community, Relays relays, RelayOrders orders, JobQueue jobs, Team team) {}

    public Backups(Wiring w) {
        Deps d = w.community().deps;
        Config.RelayBackups c = w.config().relayBackups();
        this.scheduled = c.scheduled();
        this.storage = c.s3().<BackupStorage>map(S3BackupStorage::new).orElseGet(() -> new LocalBackupStorage(c.dir()));
        List<BackupSection> sections = sections(w);
        BlossomMedia media = new BlossomMedia(d.http(), d.clock());
        this.backups = new RelayBackups(
                new RelayBackups.Parts(
                        d.jdbi(),
                        d.clock(),
                        new RelayBackupStore(d.jdbi()),
                        storage,
                        d.relayStore(),
                        w.config().plans(),
                        w.jobs(),
                        d.robot(),
                        d.activity(),
                        w.community().insight),
                new BackupWriter(w.community().exporter, media, d.access(), sections, d.clock()));
        this.restores = new RelayRestores(
                new RelayRestores.Parts(
                        backups,
                        sections,
                        d,
                        media,
                        w.relays(),
                        w.orders(),
                        w.config().plans(),
                        w.jobs()),
                new RelayRestores.Settings(c.restoreEventsCommand(), c.uploadMaxBytes()));
    }

    /**
     * The parts beside events and media, in the order a restore applies them: settings first (media must be on before
     * blobs are uploaded), members before names (only members hold names), bans last (a ban removes a membership).
     * The team (admins and moderators) after the members too: a banned key never joins it, so bans come after.
     */
    private static List<BackupSection> sections(Wiring w) {
        Deps d = w.community().deps;
        List<BackupSection> out = new ArrayList<>();
        out.add(new SettingsSection(w.relays()));
        out.add(new MembersSection(w.community().members, d.access()));
        out.add(new TeamSection(w.team()));
        out.add(new NamesSection(w.community().names));
        out.add(new BansSection(w.community().moderation, d.rpc(), d.access()));
        return out;
    }

    public void register(JobRunner runner, Periodic periodic) {
        backups.register(runner, periodic);
        restores.register(runner);
    }

    public void start() {
        if (scheduled) backups.schedule();
    }

    @Override
    public void close() {
        if (storage instanceof S3BackupStorage s3) s3.close();
    }
}
