package caravel.backups;

import caravel.archive.Exporter;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Plan;
import caravel.domain.Setting;
import caravel.json.Json;
import caravel.relayaccess.RelayAccess;
import caravel.relayparts.BackupSection;
import caravel.relayparts.RelayParts;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Takes one backup of a relay into a storage: the events as JSON lines (through {@link Exporter}, streamed to a
 * temporary file), every blob found (see {@link BlossomMedia}), each {@link BackupSection}'s file, and last the
 * manifest. Then every stored file is read back from the storage and checked against the manifest; only a backup
 * that passes is called done. Temporary files live in a private folder removed at the end, a blob at a time.
 */
final class BackupWriter {
    private final Exporter exporter;
    private final BlossomMedia media;
    private final RelayAccess access;
    private final RelayParts parts;
    private final Clock clock;

    BackupWriter(Exporter exporter, BlossomMedia media, RelayAccess access, RelayParts parts, Clock clock) {
        this.exporter = exporter;
        this.media = media;
        this.access = access;
        this.parts = parts;
        this.clock = clock;
    }

    /**
     * What was written: the manifest, its own sha256 (kept in the database), its size with the files', and whether the
     * relay's media was listed whole (so its count is the relay's media figure).
     */
    record Written(
            Manifest manifest, String manifestSha256, long bytes, boolean mediaListed, List<Unreadable> unreadable) {}

    /** A blob the relay lists but could not serve whole (a read error, or bytes that do not hash to its name). */
    record Unreadable(String sha256, String reason) {}

    Written write(Relay r, Plan plan, String backupId, BackupStorage storage) throws IOException {
        String base = r.id() + "/" + backupId + "/";
        Path tmp = Files.createTempDirectory("caravel-relay-backup-"); // 0700 on POSIX
        try {
            List<Manifest.Entry> files = new ArrayList<>();
            Map<String, Long> counts = new LinkedHashMap<>();

            // events, and the blobs they name, both read as the events are written (and summed)
            Path events = tmp.resolve(Manifest.EVENTS);
            Set<String> referenced = new LinkedHashSet<>();
            EventAuthors authors = new EventAuthors();
            Digests.Summing summing = new Digests.Summing(Files.newOutputStream(events));
            try (OutputStream out = new java.io.BufferedOutputStream(summing, 1 << 16)) {
                counts.put(
                        "events",
                        exporter.export(r, out, Actor.SYSTEM, e -> {
                                    BlossomMedia.referencedBy(e, referenced);
                                    authors.add(e);
                                })
                                .events());
            }
            files.add(put(storage, base, Manifest.EVENTS, events, summing.sum()));

            // the other parts
            List<String> partUploaders = new java.util.ArrayList<>();
            for (BackupSection s : parts.sections()) {
                JsonNode saved = s.save(r);
                partUploaders.addAll(s.uploaders(saved));
                counts.put(s.countName(), s.count(saved));
                Path f = tmp.resolve(s.file());
                Files.write(f, Json.MAPPER.writeValueAsBytes(saved));
                files.add(put(storage, base, s.file(), f));
            }

            // media
            String note = null;
            boolean listedMedia = false;
            long blobs = 0, mediaBytes = 0;
            ObjectNode mediaList = Json.MAPPER.createObjectNode();
            var listed = mediaList.putArray("blobs");
            var missing = mediaList.putArray("missing");
            var unreadableList = mediaList.putArray("unreadable");
            List<Unreadable> unreadable = new ArrayList<>();
            if (!r.settings().effective(Setting.BLOSSOM_ENABLED, plan)) {
                note = "Media is off for this relay (its settings or its plan), so there is none to keep.";
            } else {
                RelayAccess.Target t = access.target(r);
                Optional<Found> found = Optional.empty();
                try {
                    found = Optional.of(find(t, partUploaders, authors, referenced, missing));
                } catch (BlossomMedia.MediaUnavailable e) {
                    note = "The media could not be listed, so this backup holds none: " + e.getMessage() + ".";
                }
                if (found.isPresent()) {
                    listedMedia = true;
                    for (BlossomMedia.Blob b : found.get().blobs().values()) {
                        Path f = tmp.resolve("blob-" + b.sha256());
                        // a blob the relay cannot serve whole is left out and named; it never costs the rest
                        Digests.Sum sum;
                        try (InputStream in = media.download(t, b.sha256())) {
                            sum = Digests.copy(in, f);
                        } catch (IOException e) {
                            Files.deleteIfExists(f);
                            unreadable.add(new Unreadable(
                                    b.sha256(), "the relay could not serve it (" + e.getMessage() + ")"));
                            continue;
                        }
                        if (!sum.sha256().equals(b.sha256())) {
                            Files.delete(f);
                            unreadable.add(new Unreadable(
                                    b.sha256(),
                                    "the relay serves " + sum.size() + " bytes that do not hash to its name (sha256 "
                                            + sum.sha256() + ")"));
                            continue;
                        }
                        files.add(put(storage, base, Manifest.MEDIA_DIR + b.sha256(), f, sum));
                        Files.delete(f);
                        listed.addObject()
                                .put("sha256", b.sha256())
                                .put("size", sum.size())
                                .put("type", b.type());
                        blobs++;
                        mediaBytes += sum.size();
                    }
                    note = mediaNote(found.get().authors());
                    for (Unreadable u : unreadable)
                        unreadableList.addObject().put("sha256", u.sha256()).put("reason", u.reason());
                    if (!unreadable.isEmpty()) note = unreadableNote(unreadable) + " " + note;
                }
            }
            counts.put("blobs", blobs);
            if (!unreadable.isEmpty()) counts.put("blobs_unreadable", (long) unreadable.size());
            counts.put("media_bytes", mediaBytes);
            Path mediaFile = tmp.resolve(Manifest.MEDIA);
            Files.write(mediaFile, Json.MAPPER.writeValueAsBytes(mediaList));
            files.add(put(storage, base, Manifest.MEDIA, mediaFile));

            Manifest m =
                    new Manifest(backupId, r.id(), r.subdomain(), r.plan(), Epoch.seconds(clock), counts, note, files);
            byte[] bytes = m.bytes();
            Path mf = tmp.resolve(Manifest.FILE);
            Files.write(mf, bytes);
            Manifest.Entry me = put(storage, base, Manifest.FILE, mf);
            verify(storage, base, m, me.sha256());
            long total =
                    me.size() + files.stream().mapToLong(Manifest.Entry::size).sum();
            return new Written(m, me.sha256(), total, listedMedia, List.copyOf(unreadable));
        } finally {
            try (Stream<Path> all = Files.walk(tmp)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /** The blobs found, and which authors beside the members were asked for theirs. */
    private record Found(Map<String, BlossomMedia.Blob> blobs, EventAuthors.Selection authors) {}

    /**
     * The blobs the relay key, each member and the events' other authors (former members, up to {@link
     * EventAuthors#LISTED}) uploaded, and those the events name that the relay holds.
     */
    private Found find(
            RelayAccess.Target t,
            List<String> partUploaders,
            EventAuthors authors,
            Set<String> referenced,
            com.fasterxml.jackson.databind.node.ArrayNode missing)
            throws IOException {
        Set<String> uploaders = new LinkedHashSet<>();
        uploaders.add(t.pubkey());
        uploaders.addAll(partUploaders);
        EventAuthors.Selection former = authors.beyond(uploaders, EventAuthors.LISTED);
        uploaders.addAll(former.listed());
        Map<String, BlossomMedia.Blob> out = new LinkedHashMap<>();
        for (String pk : uploaders) out.putAll(media.uploadedBy(t, pk));
        for (String sha : referenced) {
            if (out.containsKey(sha)) continue;
            Optional<BlossomMedia.Blob> b = media.describe(t, sha);
            if (b.isPresent()) out.put(sha, b.get());
            else missing.add(sha); // named by an event but kept elsewhere (another server) or gone
        }
        return new Found(out, former);
    }

    /** The blobs left out because the relay could not serve them whole, each named, first in the media note. */
    static String unreadableNote(List<Unreadable> unreadable) {
        StringBuilder out = new StringBuilder(
                unreadable.size() == 1
                        ? "1 media file could not be kept, as the relay could not serve it whole:"
                        : unreadable.size()
                                + " media files could not be kept, as the relay could not serve them whole:");
        int named = 0;
        for (Unreadable u : unreadable) {
            if (named++ == 10) {
                out.append(" and ").append(unreadable.size() - 10).append(" more (media.json lists them all);");
                break;
            }
            out.append(" media/")
                    .append(u.sha256())
                    .append(": ")
                    .append(u.reason())
                    .append(';');
        }
        out.setCharAt(out.length() - 1, '.');
        return out + " Everything else is in this backup.";
    }

    /** What the media of a backup holds and what it cannot, for the owner (the backup's media_note). */
    static String mediaNote(EventAuthors.Selection authors) {
        String note = "Blossom lists media by uploader: this backup holds the blobs uploaded by the relay's members,"
                + " its key and the authors of its events (former members too, up to " + EventAuthors.LISTED
                + " of them), and those its events name; a blob uploaded by someone who is no longer a member and"
                + " never posted here, and named by no event, cannot be found.";
        if (authors.leftOut() > 0)
            note += " " + authors.leftOut() + " more former members' uploads were not asked for (the "
                    + EventAuthors.LISTED + " with the most events were), so what only they uploaded may be missing.";
        if (authors.uncountedEvents() > 0)
            note += " The authors of " + authors.uncountedEvents() + " events were not counted (past "
                    + EventAuthors.COUNTED + " distinct authors), so what only they uploaded may be missing.";
        return note;
    }

    private static Manifest.Entry put(BackupStorage storage, String base, String path, Path file) throws IOException {
        return put(storage, base, path, file, Digests.of(file));
    }

    /**
     * Stores a file whose sum was taken as it was written: the manifest holds what was written, and {@link #verify}
     * reads the stored copy back against it.
     */
    private static Manifest.Entry put(BackupStorage storage, String base, String path, Path file, Digests.Sum sum)
            throws IOException {
        storage.put(base + path, file);
        return new Manifest.Entry(path, sum.size(), sum.sha256());
    }

    /** Reads every stored file back and compares it with the manifest (and the manifest with its recorded sum). */
    static void verify(BackupStorage storage, String base, Manifest m, String manifestSha256) throws IOException {
        try (InputStream in = storage.open(base + Manifest.FILE)) {
            if (!Digests.of(in).sha256().equals(manifestSha256))
                throw new IOException("verification failed: the stored manifest.json differs from the one written");
        }
        for (Manifest.Entry e : m.files())
            try (InputStream in = storage.open(base + e.path())) {
                Digests.Sum got = Digests.of(in);
                if (!got.matches(e))
                    throw new IOException("verification failed: the stored " + e.path() + " differs from the one"
                            + " written (" + got.size() + " bytes, sha256 " + got.sha256() + ")");
            }
    }
}
