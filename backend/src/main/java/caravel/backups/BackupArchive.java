package caravel.backups;

import caravel.domain.Failure;
import caravel.json.Json;
import caravel.nostr.Event;
import caravel.relayparts.BackupSection;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads an archive an owner uploads to restore from (the zip {@link RelayBackups#download} writes) into a private
 * folder, streamed and bounded, and checks it whole before anything is stored or applied: every entry a backup's file
 * and listed by a Caravel manifest, each file's size and sha256 as the manifest says, each line of the events a valid
 * signed Nostr event, each part's file of its shape, each blob's bytes hashing to its name. A refusal names the file,
 * and for the events the line.
 */
final class BackupArchive {
    private BackupArchive() {}

    /** The refusal of an archive: 422-style invalid input whose message names the file (and line). */
    static Failure refused(String message) {
        return new Failure(Failure.Kind.INVALID, "backup_archive_invalid", "archive", message);
    }

    /** Unpacks {@code in} into {@code dir} and returns the checked manifest. */
    static Manifest read(InputStream in, long maxBytes, Path dir, List<BackupSection> sections) throws IOException {
        Map<String, Digests.Sum> sums = new HashMap<>();
        Bounded bounded = new Bounded(in, maxBytes);
        try (ZipInputStream zip = new ZipInputStream(bounded)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (e.isDirectory()) continue;
                if (!Manifest.allowedPath(name))
                    throw refused("The archive holds \"" + name + "\", which is not part of a Caravel relay backup.");
                if (sums.containsKey(name)) throw refused("The archive holds " + name + " twice.");
                Path f = dir.resolve(name.replace('/', '_'));
                sums.put(name, Digests.copy(zip, f));
            }
        } catch (ZipException e) {
            throw refused("The file is not a zip archive a Caravel backup download makes (" + e.getMessage() + ").");
        } catch (Bounded.Over e) {
            throw new Failure(
                    Failure.Kind.TOO_LARGE,
                    "The archive is larger than " + maxBytes
                            + " bytes, the most a restore reads (RELAY_BACKUP_UPLOAD_MAX_BYTES).");
        }
        if (!sums.containsKey(Manifest.FILE))
            throw refused(
                    sums.isEmpty()
                            ? "The file is not a zip archive a Caravel backup download makes (no entries)."
                            : "The archive has no manifest.json, so it is not a Caravel relay backup.");
        Manifest m;
        try {
            m = Manifest.parse(Files.readAllBytes(dir.resolve(Manifest.FILE)));
        } catch (IllegalArgumentException ex) {
            throw refused(ex.getMessage() + ".");
        }
        for (Manifest.Entry entry : m.files()) {
            Digests.Sum got = sums.get(entry.path());
            if (got == null) throw refused("The archive lacks " + entry.path() + ", which its manifest lists.");
            if (got.size() != entry.size() || !got.sha256().equals(entry.sha256()))
                throw refused("Checksum mismatch: " + entry.path() + " is " + got.size() + " bytes with sha256 "
                        + got.sha256() + "; the manifest says " + entry.size() + " bytes with sha256 " + entry.sha256()
                        + ".");
            if (entry.path().startsWith(Manifest.MEDIA_DIR)
                    && !entry.path().substring(Manifest.MEDIA_DIR.length()).equals(got.sha256()))
                throw refused("The blob " + entry.path() + " does not hash to its name.");
        }
        for (String name : sums.keySet())
            if (!name.equals(Manifest.FILE)
                    && m.files().stream().noneMatch(x -> x.path().equals(name)))
                throw refused("The archive holds " + name + ", which its manifest does not list.");
        checkEvents(dir.resolve(Manifest.EVENTS), m.count("events"));
        for (BackupSection s : sections) {
            Path f = dir.resolve(s.file());
            if (!Files.exists(f)) continue; // a backup from before that part existed: nothing to apply
            JsonNode saved;
            try {
                saved = Json.MAPPER.readTree(f.toFile());
                s.check(saved);
            } catch (IOException | IllegalArgumentException ex) {
                throw refused(s.file() + " is not what a backup writes there: " + message(ex) + ".");
            }
        }
        return m;
    }

    private static String message(Exception e) {
        return e instanceof IOException ? "it is not JSON" : e.getMessage();
    }

    /** Every line a signed Nostr event, and as many as the manifest counts. */
    static void checkEvents(Path events, long counted) throws IOException {
        long n = 0, lines = 0;
        try (BufferedReader in = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                if (line.isBlank()) continue;
                Event e;
                try {
                    e = Event.fromJson(Json.parse(line));
                } catch (IllegalArgumentException ex) {
                    throw refused("events.jsonl line " + lines + " is not a Nostr event.");
                }
                if (!e.verify())
                    throw refused("events.jsonl line " + lines + " is not a validly signed event (id or signature).");
                n++;
            }
        } catch (java.nio.charset.MalformedInputException ex) {
            throw refused("events.jsonl is not UTF-8 text (after line " + lines + ").");
        }
        if (n != counted) throw refused("events.jsonl holds " + n + " events; the manifest counts " + counted + ".");
    }

    /** Stops reading past a bound. */
    private static final class Bounded extends FilterInputStream {
        static final class Over extends IOException {}

        private final long max;
        private long read;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++read > max) throw new Over();
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0 && (read += n) > max) throw new Over();
            return n;
        }
    }
}
