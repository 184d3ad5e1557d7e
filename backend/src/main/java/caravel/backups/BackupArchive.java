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
import java.util.zip.ZipInputStream;

/**
 * Reads an archive an owner uploads to restore from (the zip {@link BackupReading#download} writes) into a private
 * folder, streamed and bounded, and checks it whole before anything is stored or applied: every entry a backup's file
 * and listed by a Caravel manifest, each file's size and sha256 as the manifest says, each line of the events a valid
 * signed Nostr event, each part's file of its shape, each blob's bytes hashing to its name. A refusal names the file,
 * and for the events the line.
 *
 * <p>Bounds count what the archive unpacks to, never only what crosses the socket (a zip of 400 MB of zeros is a few
 * hundred KB): all files together at most {@link Bounds#maxBytes}; once manifest.json is read (a download writes it
 * first) no file past what the manifest declares for it; a blob at most {@link BlossomMedia#MAX_BLOB_BYTES} (the most
 * a relay's media server takes, so a larger one could never be restored); no blob at all for a relay whose plan has no
 * media; no line of the events longer than {@link Bounds#MAX_LINE_BYTES} (checked as the bytes stream by, so one huge
 * line is refused after that many bytes, never read whole). Whatever the archive holds, the answer is a refusal with a
 * sentence (a {@link Failure}), never an error of the server's.
 */
final class BackupArchive {
    private BackupArchive() {}

    /**
     * What an upload may unpack to.
     *
     * @param maxBytes all files together (RELAY_BACKUP_UPLOAD_MAX_BYTES)
     * @param media whether the relay's plan includes media (else a blob is refused)
     */
    record Bounds(long maxBytes, boolean media) {
        /** The longest line of events.jsonl: the most a relay takes in one message, so a longer event never fits. */
        static final int MAX_LINE_BYTES = caravel.archive.Importer.RELAY_MESSAGE_LIMIT;

        /**
         * The largest JSON file (the manifest, each part, media.json), each read whole as a tree: 32 MiB is hundreds of
         * thousands of members or files, beyond any plan, and keeps one file from filling the heap.
         */
        static final long MAX_JSON_BYTES = 32L * 1024 * 1024;
    }

    /** The refusal of an archive: invalid input whose message names the file (and line). */
    static Failure refused(String message) {
        return new Failure(Failure.Kind.INVALID, "backup_archive_invalid", "archive", message);
    }

    /** The refusal of an archive that unpacks to more than a bound: too large. */
    static Failure tooLarge(String message) {
        return new Failure(Failure.Kind.TOO_LARGE, "backup_archive_too_large", "archive", message);
    }

    /** Unpacks {@code in} into {@code dir} and returns the checked manifest. */
    static Manifest read(InputStream in, Bounds bounds, Path dir, List<BackupSection> sections) throws IOException {
        Map<String, Digests.Sum> sums = new HashMap<>();
        Manifest declared = null; // once manifest.json has been read
        long unpacked = 0;
        Bounded bounded = new Bounded(in, bounds.maxBytes());
        try (ZipInputStream zip = new ZipInputStream(bounded)) {
            InputStream entries = new Unreadable.Guard(zip);
            ZipEntry e;
            while ((e = next(zip)) != null) {
                String name = e.getName();
                if (e.isDirectory()) {
                    // a zip tool may add the media folder; nothing else is a backup's
                    if (!name.equals(Manifest.MEDIA_DIR))
                        throw refused("The archive holds the folder \"" + name
                                + "\", which is not part of a Caravel relay backup.");
                    continue;
                }
                if (!Manifest.allowedPath(name))
                    throw refused("The archive holds \"" + name + "\", which is not part of a Caravel relay backup.");
                if (sums.containsKey(name)) throw refused("The archive holds " + name + " twice.");
                boolean blob = name.startsWith(Manifest.MEDIA_DIR);
                if (blob && !bounds.media()) throw noMedia(name);
                Limit limit = limit(name, blob, bounds, declared, unpacked);
                InputStream body = new Capped(entries, limit.bytes());
                if (name.equals(Manifest.EVENTS)) body = new LineBound(body, Bounds.MAX_LINE_BYTES);
                Path f = dir.resolve(name.replace('/', '_'));
                Digests.Sum sum;
                try {
                    sum = Digests.copy(body, f);
                } catch (Capped.EntryOver over) {
                    throw limit.refusal();
                } catch (LineBound.TooLong tooLong) {
                    throw refused("events.jsonl line " + tooLong.line + " is longer than " + Bounds.MAX_LINE_BYTES
                            + " bytes, the most a relay takes in one event, so the archive is refused there.");
                }
                unpacked += sum.size();
                sums.put(name, sum);
                if (name.equals(Manifest.FILE)) declared = declared(f, bounds, sums);
            }
        } catch (Unreadable u) {
            throw refused("The file is not a zip archive a Caravel backup download makes, or it was cut short ("
                    + u.getMessage() + ").");
        } catch (Bounded.SocketOver e) {
            throw tooLarge("The archive is larger than " + bounds.maxBytes()
                    + " bytes, the most a restore reads (RELAY_BACKUP_UPLOAD_MAX_BYTES).");
        }
        if (!sums.containsKey(Manifest.FILE))
            throw refused(
                    sums.isEmpty()
                            ? "The file is not a zip archive a Caravel backup download makes (no entries)."
                            : "The archive has no manifest.json, so it is not a Caravel relay backup.");
        Manifest m = declared;
        for (Manifest.Entry entry : m.files()) {
            Digests.Sum got = sums.get(entry.path());
            if (got == null) throw refused("The archive lacks " + entry.path() + ", which its manifest lists.");
            if (!got.matches(entry))
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
            } catch (IOException | RuntimeException ex) {
                throw refused(s.file() + " is not what a backup writes there: " + message(ex) + ".");
            }
        }
        return m;
    }

    /** The next entry; a zip that cannot be read on (cut short, a name that is not UTF-8) is {@link Unreadable}. */
    private static ZipEntry next(ZipInputStream zip) throws IOException {
        try {
            return zip.getNextEntry();
        } catch (Bounded.SocketOver over) {
            throw over;
        } catch (IOException | IllegalArgumentException e) {
            throw new Unreadable(e);
        }
    }

    private static Failure noMedia(String name) {
        return refused("The archive holds media (" + name + "), and this relay's plan includes no media, so it"
                + " could not be restored here. Upload it to a relay whose plan has media.");
    }

    /** How many bytes an entry may unpack to, and the refusal when it unpacks to more. */
    private record Limit(long bytes, Failure refusal) {}

    private static Limit limit(String name, boolean blob, Bounds bounds, Manifest declared, long unpacked) {
        Limit out = new Limit(
                bounds.maxBytes() - unpacked,
                tooLarge("The archive unpacks to more than " + bounds.maxBytes()
                        + " bytes, the most a restore reads (RELAY_BACKUP_UPLOAD_MAX_BYTES); it stopped at " + name
                        + "."));
        if (blob && BlossomMedia.MAX_BLOB_BYTES < out.bytes())
            out = new Limit(BlossomMedia.MAX_BLOB_BYTES, blobTooLarge(name));
        if (name.endsWith(".json") && Bounds.MAX_JSON_BYTES < out.bytes())
            out = new Limit(
                    Bounds.MAX_JSON_BYTES,
                    tooLarge(name + " is larger than " + Bounds.MAX_JSON_BYTES + " bytes, more than any backup's "
                            + name + " holds."));
        if (declared != null) {
            Manifest.Entry entry = declared.files().stream()
                    .filter(x -> x.path().equals(name))
                    .findFirst()
                    .orElseThrow(() -> refused("The archive holds " + name + ", which its manifest does not list."));
            if (entry.size() < out.bytes())
                out = new Limit(
                        entry.size(),
                        refused(name + " unpacks to more than the " + entry.size() + " bytes its manifest declares."));
        }
        return out;
    }

    private static Failure blobTooLarge(String name) {
        return tooLarge(name + " is larger than " + BlossomMedia.MAX_BLOB_BYTES
                + " bytes, the most a relay's media server takes in one file, so it could never be restored.");
    }

    /** The manifest, read as soon as it is unpacked, and what it declares checked against the bounds at once. */
    private static Manifest declared(Path file, Bounds bounds, Map<String, Digests.Sum> sums) throws IOException {
        Manifest m;
        try {
            m = Manifest.parse(Files.readAllBytes(file));
        } catch (IllegalArgumentException ex) {
            throw refused(ex.getMessage() + ".");
        }
        long total = 0;
        for (Manifest.Entry e : m.files()) {
            total += e.size();
            if (e.path().startsWith(Manifest.MEDIA_DIR)) {
                if (!bounds.media()) throw noMedia(e.path());
                if (e.size() > BlossomMedia.MAX_BLOB_BYTES) throw blobTooLarge(e.path());
            }
            Digests.Sum before = sums.get(e.path()); // an entry that came before the manifest
            if (before != null && before.size() > e.size())
                throw refused(e.path() + " unpacks to more than the " + e.size() + " bytes its manifest declares.");
        }
        if (total > bounds.maxBytes())
            throw tooLarge("The archive's manifest declares " + total + " bytes of files, more than the "
                    + bounds.maxBytes() + " a restore reads (RELAY_BACKUP_UPLOAD_MAX_BYTES).");
        return m;
    }

    private static String message(Exception e) {
        return e instanceof IOException || e.getMessage() == null ? "it is not JSON" : e.getMessage();
    }

    /**
     * Every line a signed Nostr event, and as many as the manifest counts. The lines were bounded as the file was
     * unpacked ({@link LineBound}), so a line read here is at most {@link Bounds#MAX_LINE_BYTES}.
     */
    static void checkEvents(Path events, long counted) throws IOException {
        long n = 0, lines = 0;
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(
                new LineBound(Files.newInputStream(events), Bounds.MAX_LINE_BYTES), decoder))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                if (line.isBlank()) continue;
                Event e;
                try {
                    e = Event.fromJson(Json.parse(line));
                } catch (RuntimeException ex) {
                    throw refused("events.jsonl line " + lines + " is not a Nostr event.");
                }
                if (!e.verify())
                    throw refused("events.jsonl line " + lines + " is not a validly signed event (id or signature).");
                n++;
            }
        } catch (java.nio.charset.CharacterCodingException ex) {
            throw refused("events.jsonl is not UTF-8 text (after line " + lines + ").");
        } catch (LineBound.TooLong ex) {
            throw refused("events.jsonl line " + ex.line + " is longer than " + Bounds.MAX_LINE_BYTES
                    + " bytes, the most a relay takes in one event.");
        }
        if (n != counted) throw refused("events.jsonl holds " + n + " events; the manifest counts " + counted + ".");
    }

    /** The zip could not be read on: cut short, not a zip, a name that is not UTF-8. */
    static final class Unreadable extends IOException {
        Unreadable(Exception cause) {
            super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
        }

        /** Reads an entry's bytes; what goes wrong in the zip is {@link Unreadable} (the bound passes as it is). */
        static final class Guard extends FilterInputStream {
            Guard(InputStream zip) {
                super(zip);
            }

            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (Bounded.SocketOver | Unreadable e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    throw new Unreadable(e);
                }
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                try {
                    return super.read(buf, off, len);
                } catch (Bounded.SocketOver | Unreadable e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    throw new Unreadable(e);
                }
            }

            @Override
            public void close() {
                // the zip is closed by its owner, once
            }
        }
    }

    /** Stops reading past a bound: the bytes that cross the socket. */
    private static final class Bounded extends FilterInputStream {
        static final class SocketOver extends IOException {}

        private final long max;
        private long read;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++read > max) throw new SocketOver();
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0 && (read += n) > max) throw new SocketOver();
            return n;
        }
    }

    /** One entry's unpacked bytes: reads at most one byte past {@code max}, and that byte is the refusal. */
    static final class Capped extends FilterInputStream {
        static final class EntryOver extends IOException {}

        private final long max;
        private long read;

        Capped(InputStream in, long max) {
            super(in);
            this.max = Math.max(0, max);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++read > max) throw new EntryOver();
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (len == 0) return 0;
            int n = super.read(buf, off, (int) Math.min(len, max - read + 1));
            if (n > 0 && (read += n) > max) throw new EntryOver();
            return n;
        }

        @Override
        public void close() {
            // the entry's stream belongs to the zip
        }
    }

    /**
     * Counts the bytes of the current line as they pass and stops at the first line longer than {@code max}: a line
     * is refused after {@code max} bytes, whatever its length.
     */
    static final class LineBound extends FilterInputStream {
        static final class TooLong extends IOException {
            final long line;

            TooLong(long line) {
                this.line = line;
            }
        }

        private final int max;
        private long line = 1;
        private long inLine;

        LineBound(InputStream in, int max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count(b);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            for (int i = 0; i < n; i++) count(buf[off + i]);
            return n;
        }

        private void count(int b) throws TooLong {
            if (b == '\n') {
                line++;
                inLine = 0;
            } else if (++inLine > max) throw new TooLong(line);
        }
    }
}
