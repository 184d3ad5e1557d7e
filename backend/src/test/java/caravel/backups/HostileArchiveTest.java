package caravel.backups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import caravel.domain.Failure;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives a stranger could craft, each refused with a sentence (a {@link Failure}, so a 4xx) and cheaply: bounded by
 * what they unpack to, never by the bytes on the wire alone (R5-3), one huge line of events refused after the bound
 * without being read whole (R5-4), and nothing but a refusal for a cut, duplicated, misnamed or malformed zip. The
 * large cases are generated while they are compressed, never held whole.
 */
class HostileArchiveTest {
    static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    final Keys author = Keys.generate();

    /** An entry whose bytes are written straight into the zip (so hundreds of MB never sit in memory). */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    static Body bytes(byte[] b) {
        return out -> out.write(b);
    }

    /** {@code size} bytes of {@code value}, written a block at a time. */
    static Body run(long size, byte value) {
        return out -> {
            byte[] block = new byte[1 << 20];
            Arrays.fill(block, value);
            for (long left = size; left > 0; left -= block.length)
                out.write(block, 0, (int) Math.min(left, block.length));
        };
    }

    static String sha256(Body b) throws IOException {
        MessageDigest md = Digests.sha256();
        b.writeTo(new OutputStream() {
            @Override
            public void write(int x) {
                md.update((byte) x);
            }

            @Override
            public void write(byte[] buf, int off, int len) {
                md.update(buf, off, len);
            }
        });
        return Hex.encode(md.digest());
    }

    static byte[] zip(Map<String, Body> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.setLevel(Deflater.BEST_COMPRESSION);
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                e.getValue().writeTo(z);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] manifest(List<Manifest.Entry> files, long events) {
        return new Manifest("b1", "r1", "sub", "free", 1, Map.of("events", events), null, files).bytes();
    }

    static Manifest.Entry entry(String path, byte[] b) {
        return new Manifest.Entry(path, b.length, Hex.encode(Event.sha256(b)));
    }

    byte[] events() {
        return (author.sign(1_700_000_000L, 1, List.of(), "hello").toJsonString() + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    Manifest read(byte[] archive, long maxBytes, boolean media) throws IOException {
        Path into = Files.createTempDirectory(dir, "x");
        return BackupArchive.read(
                new ByteArrayInputStream(archive),
                new BackupArchive.Bounds(maxBytes, media),
                into,
                BackupArchiveTest.SECTIONS);
    }

    /** The refusal of the archive: a Failure with a sentence, never another exception; what it wrote is small. */
    Failure refusal(byte[] archive, long maxBytes, boolean media) throws IOException {
        Throwable t = catchThrowable(() -> read(archive, maxBytes, media));
        assertThat(t).as("refused with a sentence").isInstanceOf(Failure.class);
        Failure f = (Failure) t;
        assertThat(f.kind()).isIn(Failure.Kind.INVALID, Failure.Kind.TOO_LARGE);
        assertThat(f.getMessage()).endsWith(".").hasSizeGreaterThan(20);
        return f;
    }

    /** The bytes written into the private folder by every read of this test so far. */
    long unpacked() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    @Test
    void aZipBombUnderItsOwnHashIsRefusedAtTheBlobBound() throws Exception {
        // 400 MB of zeros named by its sha256 and declared honestly: a few hundred KB on the wire
        Body zeros = run(400 * MIB, (byte) 0);
        String sha = sha256(zeros);
        byte[] events = events();
        List<Manifest.Entry> files =
                List.of(entry(Manifest.EVENTS, events), new Manifest.Entry(Manifest.MEDIA_DIR + sha, 400 * MIB, sha));
        Map<String, Body> last = new LinkedHashMap<>();
        last.put(Manifest.EVENTS, bytes(events));
        last.put(Manifest.MEDIA_DIR + sha, zeros);
        last.put(Manifest.FILE, bytes(manifest(files, 1)));
        byte[] bomb = zip(last);
        assertThat(bomb.length).isLessThan((int) MIB);

        // the manifest last: the blob is read until the most a relay's media server takes, then refused
        Failure f = refusal(bomb, 4096 * MIB, true);
        assertThat(f.kind()).isEqualTo(Failure.Kind.TOO_LARGE);
        assertThat(f.getMessage())
                .contains("media/" + sha)
                .contains("larger than " + BlossomMedia.MAX_BLOB_BYTES + " bytes");
        assertThat(unpacked()).isLessThanOrEqualTo(BlossomMedia.MAX_BLOB_BYTES + events.length + 1);

        // the manifest first (as a download writes it): refused on what it declares, before a byte of the blob
        Map<String, Body> first = new LinkedHashMap<>();
        first.put(Manifest.FILE, bytes(manifest(files, 1)));
        first.put(Manifest.EVENTS, bytes(events));
        first.put(Manifest.MEDIA_DIR + sha, run(MIB, (byte) 0)); // never read: the declaration is refused first
        long before = unpacked();
        assertThat(refusal(zip(first), 4096 * MIB, true).getMessage()).contains("media/" + sha);
        assertThat(unpacked() - before).isLessThan(64 * 1024);

        // a plan without media refuses the first blob it meets, whatever its size
        assertThat(refusal(bomb, 4096 * MIB, false).getMessage())
                .contains("media/" + sha)
                .contains("plan includes no media");
    }

    @Test
    void whatAllFilesUnpackToIsBoundedNotTheBytesOnTheWire() throws Exception {
        // 100 MB of newlines (blank lines are no events) compress to ~100 KB; the bound is 50 MB unpacked
        Map<String, Body> e = new LinkedHashMap<>();
        e.put(Manifest.EVENTS, run(100 * MIB, (byte) '\n'));
        byte[] archive = zip(e);
        assertThat(archive.length).isLessThan((int) MIB);
        Failure f = refusal(archive, 50 * MIB, true);
        assertThat(f.kind()).isEqualTo(Failure.Kind.TOO_LARGE);
        assertThat(f.getMessage()).contains("unpacks to more than " + 50 * MIB + " bytes");
        assertThat(unpacked()).isLessThanOrEqualTo(50 * MIB + 1);
    }

    @Test
    void anEntryLargerThanItsManifestDeclaresIsRefusedThere() throws Exception {
        byte[] events = events();
        byte[] members = ("{\"members\":[\"" + author.pubkey() + "\"]}").getBytes(StandardCharsets.UTF_8);
        // the manifest says members.json is 10 bytes; the entry unpacks to 50 MB
        List<Manifest.Entry> files = List.of(
                entry(Manifest.EVENTS, events),
                new Manifest.Entry("members.json", 10, Hex.encode(Event.sha256(members))));
        Map<String, Body> first = new LinkedHashMap<>();
        first.put(Manifest.FILE, bytes(manifest(files, 1)));
        first.put(Manifest.EVENTS, bytes(events));
        first.put("members.json", run(50 * MIB, (byte) ' '));
        Failure f = refusal(zip(first), 4096 * MIB, true);
        assertThat(f.getMessage()).isEqualTo("members.json unpacks to more than the 10 bytes its manifest declares.");
        assertThat(unpacked()).isLessThan(64 * 1024);

        // an entry before the manifest that is larger than the manifest then declares
        Map<String, Body> last = new LinkedHashMap<>();
        last.put(Manifest.EVENTS, bytes(events));
        last.put("members.json", bytes(members));
        last.put(Manifest.FILE, bytes(manifest(files, 1)));
        assertThat(refusal(zip(last), 4096 * MIB, true).getMessage())
                .isEqualTo("members.json unpacks to more than the 10 bytes its manifest declares.");

        // a part (read whole as JSON) past the bound on JSON files, before any manifest says how large it is
        Map<String, Body> bigPart = new LinkedHashMap<>();
        bigPart.put("members.json", run(BackupArchive.Bounds.MAX_JSON_BYTES + MIB, (byte) ' '));
        Failure part = refusal(zip(bigPart), 4096 * MIB, true);
        assertThat(part.kind()).isEqualTo(Failure.Kind.TOO_LARGE);
        assertThat(part.getMessage()).startsWith("members.json is larger than " + BackupArchive.Bounds.MAX_JSON_BYTES);

        // a manifest that declares more than the bound altogether
        List<Manifest.Entry> huge =
                List.of(entry(Manifest.EVENTS, events), new Manifest.Entry("members.json", 90 * MIB, "a".repeat(64)));
        Map<String, Body> declared = new LinkedHashMap<>();
        declared.put(Manifest.FILE, bytes(manifest(huge, 1)));
        assertThat(refusal(zip(declared), 50 * MIB, true).getMessage()).contains("declares");
    }

    @Test
    void oneHugeLineOfEventsIsRefusedAfterTheLineBoundWithoutBeingReadWhole() throws Exception {
        byte[] ok = events();
        // line 1 a good event, line 2 a 300 MB line (an event's opening and then a content of 300 MB)
        Body events = out -> {
            out.write(ok);
            out.write("{\"content\":\"".getBytes(StandardCharsets.UTF_8));
            run(300 * MIB, (byte) 'a').writeTo(out);
            out.write("\"}\n".getBytes(StandardCharsets.UTF_8));
        };
        Map<String, Body> e = new LinkedHashMap<>();
        e.put(Manifest.EVENTS, events);
        byte[] archive = zip(e);
        assertThat(archive.length).isLessThan((int) MIB);
        Failure f = refusal(archive, 4096 * MIB, true);
        assertThat(f.getMessage())
                .isEqualTo("events.jsonl line 2 is longer than " + BackupArchive.Bounds.MAX_LINE_BYTES
                        + " bytes, the most a relay takes in one event, so the archive is refused there.");
        assertThat(unpacked()).isLessThanOrEqualTo(ok.length + BackupArchive.Bounds.MAX_LINE_BYTES + 1L);
    }

    @Test
    void aLineNestedDeeperThanAParserGoesIsNamed() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        files.put(
                Manifest.EVENTS,
                (new String(events(), StandardCharsets.UTF_8) + deep + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] archive = withManifest(files, 2);
        assertThat(refusal(archive, 4096 * MIB, true).getMessage())
                .isEqualTo("events.jsonl line 2 is not a Nostr event.");
        // a part of the backup that is deep, or of another shape altogether
        for (String members : List.of("[" + deep + "]", "[]", "\"members\"", "{\"members\":{\"a\":1}}")) {
            Map<String, byte[]> odd = new LinkedHashMap<>();
            odd.put(Manifest.EVENTS, events());
            odd.put("members.json", members.getBytes(StandardCharsets.UTF_8));
            assertThat(refusal(withManifest(odd, 1), 4096 * MIB, true).getMessage())
                    .startsWith("members.json is not what a backup writes there");
        }
    }

    byte[] withManifest(Map<String, byte[]> files, long events) throws IOException {
        List<Manifest.Entry> entries = new ArrayList<>();
        Map<String, Body> all = new LinkedHashMap<>();
        files.forEach((p, b) -> entries.add(entry(p, b)));
        all.put(Manifest.FILE, bytes(manifest(entries, events)));
        files.forEach((p, b) -> all.put(p, bytes(b)));
        return zip(all);
    }

    /** Replaces every occurrence of {@code from} by {@code to} (same length) in the zip's bytes: its names. */
    static byte[] patch(byte[] zip, String from, byte[] to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        assertThat(f.length).isEqualTo(to.length);
        byte[] out = zip.clone();
        int found = 0;
        for (int i = 0; i + f.length <= out.length; i++)
            if (Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(to, 0, out, i, to.length);
                found++;
            }
        assertThat(found)
                .as("the name is in the local header and the central directory")
                .isEqualTo(2);
        return out;
    }

    @Test
    void aDuplicatedEntryIsRefused() throws Exception {
        byte[] events = events(), members = "{\"members\":[]}".getBytes(StandardCharsets.UTF_8);
        Map<String, Body> all = new LinkedHashMap<>();
        all.put(
                Manifest.FILE,
                bytes(manifest(List.of(entry(Manifest.EVENTS, events), entry("members.json", members)), 1)));
        all.put(Manifest.EVENTS, bytes(events));
        all.put("members.json", bytes(members));
        all.put("members.jsox", bytes("{\"members\":[\"x\"]}".getBytes(StandardCharsets.UTF_8)));
        // ZipOutputStream refuses a second entry of one name: the name is changed in the bytes afterwards
        byte[] twice = patch(zip(all), "members.jsox", "members.json".getBytes(StandardCharsets.UTF_8));
        assertThat(refusal(twice, 4096 * MIB, true).getMessage()).isEqualTo("The archive holds members.json twice.");
    }

    @Test
    void namesOutsideABackupAreRefusedBeforeAnythingIsWritten() throws Exception {
        for (String name : List.of(
                "../../etc/passwd",
                "/etc/passwd",
                "media/../../x.json",
                "media\\..\\x.json",
                "./events.jsonl",
                "EVENTS.JSONL",
                "media/" + "A".repeat(64),
                "",
                "x.json/")) {
            Map<String, Body> all = new LinkedHashMap<>();
            all.put(name.isEmpty() ? "placeholder" : name, bytes(new byte[] {1}));
            byte[] archive = zip(all);
            if (name.isEmpty()) archive = patch(archive, "placeholder", new byte[11]); // a name of NUL bytes
            long before = unpacked();
            Failure f = refusal(archive, 4096 * MIB, true);
            assertThat(f.getMessage()).contains("not part of a Caravel relay backup");
            assertThat(unpacked()).isEqualTo(before);
        }
    }

    @Test
    void aNameThatIsNotUtf8IsRefused() throws Exception {
        Map<String, Body> all = new LinkedHashMap<>();
        all.put("events.jsonl", bytes(events()));
        byte[] bad = patch(zip(all), "events", new byte[] {(byte) 0xff, (byte) 0xfe, 'e', 'n', 't', 's'});
        assertThat(refusal(bad, 4096 * MIB, true).getMessage()).contains("not a zip archive");
    }

    @Test
    void aZipCutAnywhereIsRefusedOrReadWholeNeverAnError() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Manifest.EVENTS, events());
        files.put("members.json", ("{\"members\":[\"" + author.pubkey() + "\"]}").getBytes(StandardCharsets.UTF_8));
        byte[] blob = new byte[20_000];
        new java.util.Random(1).nextBytes(blob);
        files.put("media/" + Hex.encode(Event.sha256(blob)), blob);
        byte[] whole = withManifest(files, 1);
        assertThat(read(whole, 4096 * MIB, true).files()).hasSize(3);
        int refused = 0;
        for (int cut = 0; cut < whole.length; cut += 97) {
            byte[] part = Arrays.copyOf(whole, cut);
            Throwable t = catchThrowable(() -> read(part, 4096 * MIB, true));
            if (t == null) continue; // cut within the central directory: every entry was there and checked
            assertThat(t).as("cut at " + cut).isInstanceOf(Failure.class);
            refused++;
        }
        assertThat(refused).isGreaterThan(whole.length / 97 / 2);
    }
}
