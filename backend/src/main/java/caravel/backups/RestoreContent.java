package caravel.backups;

import caravel.archive.Importer;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.domain.Setting;
import caravel.json.Json;
import caravel.relayaccess.RelayAccess;
import caravel.store.Relay;
import caravel.zooid.OperatorCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A restore's events and media steps ({@link RelayRestores}): the events published again over the relay key's
 * connection, after the operator's RESTORE_EVENTS_COMMAND when there is one, and each media file uploaded again as the
 * relay key until the relay serves it whole, the cursor moving with each.
 */
record RestoreContent(
        BackupReading reading,
        RelayBackupStore store,
        BlossomMedia media,
        Plans plans,
        RelayAccess access,
        Importer importer,
        Clock clock,
        List<String> eventsCommand) {
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(30);

    /** Removes a temporary directory and everything in it. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }

    /**
     * Writes the backup's events, leaving out the ones the erasures of {@code erased} removed (counted in {@code
     * progress.eventsErased}): on both paths, when anyone was erased, the events handed on are a file of the kept lines.
     */
    void events(
            Relay r, RelayBackupStore.Backup b, Manifest m, ErasedPeople erased, RestoreTotals progress, Actor actor)
            throws Exception {
        Importer.Result res;
        if (eventsCommand.isEmpty() && erased.none()) {
            // published over the relay's connection: each event is checked here, and the relay checks it again
            try (InputStream in = reading.open(b, Manifest.EVENTS)) {
                res = importer.importLines(r, in, -1, actor);
            }
        } else if (eventsCommand.isEmpty()) {
            // the same, from a file of the kept events
            Path dir = Files.createTempDirectory("caravel-restore-");
            try {
                Path kept = dir.resolve(Manifest.EVENTS);
                try (InputStream in = reading.open(b, Manifest.EVENTS)) {
                    progress.eventsErased = erased.copyKept(in, Files.newOutputStream(kept));
                }
                try (InputStream in = Files.newInputStream(kept)) {
                    res = importer.importLines(r, in, -1, actor);
                }
            } finally {
                deleteTree(dir);
            }
        } else res = writtenByCommand(r, b, m, erased, progress, actor);
        progress.eventsDone = res.imported() + res.alreadyPresent();
        progress.eventsRefused = res.refused() + res.invalid();
        for (Importer.Problem pr : res.problems())
            if (progress.problems.size() < RestoreTotals.PROBLEMS_KEPT)
                progress.problems.add("events.jsonl line " + pr.line() + ": " + pr.message());
    }

    /**
     * The operator's RESTORE_EVENTS_COMMAND with the relay's schema, its node and the events file, then every event
     * read back over the relay key's connection. The command writes rows of zooid's database, which no relay checks,
     * so the file is proven before it runs: copied out of the storage with its sum taken, which must be the manifest's
     * (itself checked against the sum recorded when the backup was written). The backup's writer checked every event
     * it wrote, and an uploaded archive's events were each checked before it was kept, so equal bytes are checked
     * events, and the read-back does not check each signature again. A backup whose manifest has no recorded sum has
     * each event checked before the command runs. Once proven, the events the erasures removed are left out into a
     * second file, the one the command is given and the read-back reads, so both count only the kept events.
     */
    private Importer.Result writtenByCommand(
            Relay r, RelayBackupStore.Backup b, Manifest m, ErasedPeople erased, RestoreTotals progress, Actor actor)
            throws Exception {
        Path dir = Files.createTempDirectory("caravel-restore-");
        try {
            Path proven = dir.resolve("proven-" + Manifest.EVENTS);
            if (!copyAsWritten(b, m, proven)) BackupArchive.checkEvents(proven, m.count("events"));
            Path file = dir.resolve(Manifest.EVENTS);
            try (InputStream in = Files.newInputStream(proven)) {
                progress.eventsErased = erased.copyKept(in, Files.newOutputStream(file));
            }
            Files.delete(proven);
            runEventsCommand(r, file);
            try (InputStream in = Files.newInputStream(file)) {
                return importer.importCheckedLines(r, in, actor);
            }
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Copies the backup's events file to {@code file}; true when its bytes are the ones the backup wrote (its sum is
     * the manifest's, and the manifest's own sum was recorded), false when there is no recorded sum to prove it by.
     *
     * @throws caravel.jobs.PermanentFailure when the stored file differs from what the manifest says was written
     *     (reading it again would read the same bytes)
     */
    private boolean copyAsWritten(RelayBackupStore.Backup b, Manifest m, Path file) throws IOException {
        Digests.Summing summing = new Digests.Summing(Files.newOutputStream(file));
        try (InputStream in = reading.open(b, Manifest.EVENTS);
                java.io.OutputStream out = summing) {
            in.transferTo(out);
        }
        Manifest.Entry written = m.files().stream()
                .filter(e -> e.path().equals(Manifest.EVENTS))
                .findFirst()
                .orElse(null);
        if (written == null || b.manifestSha256() == null) return false;
        Digests.Sum got = summing.sum();
        if (!got.matches(written))
            throw new caravel.jobs.PermanentFailure("the stored " + Manifest.EVENTS + " of backup " + b.id()
                    + " differs from the one written (" + got.size() + " bytes, sha256 " + got.sha256()
                    + "), so none of its events were restored");
        return true;
    }

    /** Runs the operator's RESTORE_EVENTS_COMMAND with the relay's schema, its node and the events file. */
    private void runEventsCommand(Relay r, Path file) throws Exception {
        List<String> argv = new ArrayList<>(eventsCommand);
        argv.add(r.schema());
        argv.add(r.zooidNode() == null ? caravel.config.ZooidNode.DEFAULT : r.zooidNode());
        argv.add(file.toString());
        OperatorCommand.Ran ran = OperatorCommand.run(argv, COMMAND_TIMEOUT);
        if (!ran.inTime())
            throw new IOException("the events command (RESTORE_EVENTS_COMMAND) did not end within " + COMMAND_TIMEOUT);
        if (ran.status() != 0) {
            String out = ran.output().strip();
            if (out.length() > 300) out = out.substring(out.length() - 300);
            throw new IOException(
                    "the events command (RESTORE_EVENTS_COMMAND) failed with status " + ran.status() + ": " + out);
        }
    }

    void media(Relay r, RelayBackupStore.Backup b, Manifest m, String id, long from, RestoreTotals progress)
            throws IOException {
        List<Manifest.Entry> blobs = m.files().stream()
                .filter(e -> e.path().startsWith(Manifest.MEDIA_DIR))
                .toList();
        if (blobs.isEmpty()) return;
        Plan plan = plans.of(r.plan());
        if (!r.settings().effective(Setting.BLOSSOM_ENABLED, plan)) {
            progress.problems.add("media: the relay's media is off (its settings or plan), so the backup's "
                    + blobs.size() + " media files were not uploaded");
            return;
        }
        Map<String, String> types = new java.util.HashMap<>();
        try (InputStream in = reading.open(b, Manifest.MEDIA)) {
            for (JsonNode x : Json.MAPPER.readTree(in).path("blobs"))
                types.put(x.path("sha256").asText(), x.path("type").asText(""));
        }
        RelayAccess.Target t = access.target(r);
        Path dir = Files.createTempDirectory("caravel-restore-media-");
        try {
            for (int i = (int) from; i < blobs.size(); i++) {
                String sha = blobs.get(i).path().substring(Manifest.MEDIA_DIR.length());
                // a blob counts once its bytes are read back whole: one whose upload was cut when this process or
                // zooid died (zooid's HEAD announces it whole from its index) is uploaded again, which rewrites it
                if (!media.servesWhole(t, sha)) {
                    Path f = dir.resolve(sha);
                    try (InputStream in = reading.open(b, blobs.get(i).path())) {
                        Files.copy(in, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    media.upload(t, f, sha, types.get(sha));
                    Files.delete(f);
                    if (!media.servesWhole(t, sha))
                        throw new BlossomMedia.MediaUnavailable("the relay serves other bytes than "
                                + blobs.get(i).path() + " after its upload (read back, they do not hash to its name)");
                }
                progress.blobsDone = i + 1L;
                store.progress(id, "running", "media", i + 1L, progress.snapshot(), Epoch.seconds(clock));
            }
        } finally {
            deleteTree(dir);
        }
    }
}
