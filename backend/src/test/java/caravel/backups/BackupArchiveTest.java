package caravel.backups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.domain.Failure;
import caravel.members.MembersPart;
import caravel.moderation.ModerationPart;
import caravel.names.NamesPart;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import caravel.relayparts.BackupSection;
import caravel.team.TeamPart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive uploaded to restore from is checked whole before anything is kept: a foreign or corrupt one is refused
 * with the file, and for the events the line, named.
 */
class BackupArchiveTest {
    @TempDir
    Path dir;

    static final List<BackupSection> SECTIONS = List.of(
            new MembersPart(null, null).backup().how().orElseThrow(),
            new TeamPart(null, null, null).backup().how().orElseThrow(),
            new ModerationPart(null, null, null, null).backup().how().orElseThrow(),
            new NamesPart(null, null).backup().how().orElseThrow());
    final Keys author = Keys.generate();

    String event(String content) {
        return author.sign(1_700_000_000L, 1, List.of(), content).toJsonString();
    }

    /** The files of a good backup: two events, a member, a blob. */
    Map<String, byte[]> good() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("events.jsonl", (event("one") + "\n" + event("two") + "\n").getBytes(StandardCharsets.UTF_8));
        f.put("members.json", ("{\"members\":[\"" + author.pubkey() + "\"]}").getBytes(StandardCharsets.UTF_8));
        byte[] blob = "a blob".getBytes(StandardCharsets.UTF_8);
        f.put("media/" + Hex.encode(Event.sha256(blob)), blob);
        return f;
    }

    static byte[] manifest(Map<String, byte[]> files, String format, long events) {
        List<Manifest.Entry> entries = new ArrayList<>();
        files.forEach((p, b) -> entries.add(new Manifest.Entry(p, b.length, Hex.encode(Event.sha256(b)))));
        String json = new String(
                new Manifest("b1", "r1", "sub", "free", 1, Map.of("events", events), null, entries).bytes(),
                StandardCharsets.UTF_8);
        return json.replace("\"caravel-relay-backup\"", "\"" + format + "\"").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] zip(Map<String, byte[]> files) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : files.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    Manifest read(byte[] archive) throws Exception {
        Path into = Files.createTempDirectory(dir, "x");
        return BackupArchive.read(
                new ByteArrayInputStream(archive), new BackupArchive.Bounds(10_000_000, true), into, SECTIONS);
    }

    byte[] archive(Map<String, byte[]> files) throws Exception {
        Map<String, byte[]> all = new LinkedHashMap<>(files);
        all.put("manifest.json", manifest(files, Manifest.FORMAT, 2));
        return zip(all);
    }

    @Test
    void aGoodArchiveIsRead() throws Exception {
        Manifest m = read(archive(good()));
        assertThat(m.count("events")).isEqualTo(2);
        assertThat(m.files()).hasSize(3);
    }

    @Test
    void anArchiveWithoutAManifestIsForeign() throws Exception {
        assertThatThrownBy(() -> read(zip(good()))).hasMessageContaining("has no manifest.json");
        assertThatThrownBy(() -> read("not a zip at all".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Failure.class)
                .hasMessageContaining("not a zip archive");
    }

    @Test
    void anotherProgramsManifestIsRefused() throws Exception {
        Map<String, byte[]> files = good();
        Map<String, byte[]> all = new LinkedHashMap<>(files);
        all.put("manifest.json", manifest(files, "someone-elses-backup", 2));
        assertThatThrownBy(() -> read(zip(all))).hasMessageContaining("is not a Caravel relay backup's");
    }

    @Test
    void aFileThatDiffersFromItsManifestIsNamed() throws Exception {
        Map<String, byte[]> files = good();
        Map<String, byte[]> all = new LinkedHashMap<>(files);
        all.put("manifest.json", manifest(files, Manifest.FORMAT, 2));
        all.put("members.json", "{\"members\":[]}".getBytes(StandardCharsets.UTF_8)); // changed after the manifest
        assertThatThrownBy(() -> read(zip(all)))
                .isInstanceOf(Failure.class)
                .hasMessageContaining("Checksum mismatch: members.json");
    }

    @Test
    void aLineThatIsNotAnEventIsNamed() throws Exception {
        Map<String, byte[]> files = good();
        files.put("events.jsonl", (event("one") + "\n{\"hello\":1}\n").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> read(archive(files))).hasMessageContaining("events.jsonl line 2 is not a Nostr event");
    }

    @Test
    void aChangedEventIsNamed() throws Exception {
        Map<String, byte[]> files = good();
        String forged = event("one").replace("\"one\"", "\"forged\"");
        files.put("events.jsonl", (forged + "\n" + event("two") + "\n").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> read(archive(files)))
                .hasMessageContaining("events.jsonl line 1 is not a validly signed");
    }

    @Test
    void aBlobThatDoesNotHashToItsNameIsRefused() throws Exception {
        Map<String, byte[]> files = good();
        files.put("media/" + "0".repeat(64), "other".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> read(archive(files))).hasMessageContaining("does not hash to its name");
    }

    @Test
    void filesOutsideTheManifestOrOutsideABackupAreRefused() throws Exception {
        Map<String, byte[]> files = good(); // made once: each signing is new bytes
        Map<String, byte[]> all = new LinkedHashMap<>(files);
        all.put("manifest.json", manifest(files, Manifest.FORMAT, 2));
        all.put("bans.json", "{\"bans\":[]}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> read(zip(all))).hasMessageContaining("bans.json, which its manifest does not list");
        Map<String, byte[]> odd = new LinkedHashMap<>(all);
        odd.remove("bans.json");
        odd.put("../../etc/passwd", new byte[1]);
        assertThatThrownBy(() -> read(zip(odd))).hasMessageContaining("not part of a Caravel relay backup");
    }

    @Test
    void aPartOfTheWrongShapeIsNamed() throws Exception {
        Map<String, byte[]> files = good();
        files.put("members.json", "{\"members\":[\"not a key\"]}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> read(archive(files)))
                .hasMessageContaining("members.json is not what a backup writes there: member 1 is not a 64-hex");
    }

    @Test
    void aTeamWithARoleNoTeamHoldsIsNamed() throws Exception {
        // "owner" is no team role: an archive cannot make someone the relay's owner, nor give a role zooid lacks
        for (String role : List.of("owner", "superuser")) {
            Map<String, byte[]> files = good();
            files.put(
                    "team.json",
                    ("{\"team\":[{\"pubkey\":\"" + author.pubkey() + "\",\"role\":\"" + role + "\"}]}")
                            .getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> read(archive(files)))
                    .hasMessageContaining("team.json is not what a backup writes there: team member 1 has no role");
        }
        Map<String, byte[]> files = good();
        files.put("team.json", "{\"team\":[{\"pubkey\":\"x\",\"role\":\"admin\"}]}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> read(archive(files)))
                .hasMessageContaining("team.json is not what a backup writes there: team member 1 is not a 64-hex");
    }

    @Test
    void anArchiveOverTheBoundStopsThere() throws Exception {
        byte[] big = archive(good());
        Path into = Files.createTempDirectory(dir, "x");
        assertThatThrownBy(() -> BackupArchive.read(
                        new ByteArrayInputStream(big), new BackupArchive.Bounds(100, true), into, SECTIONS))
                .isInstanceOf(Failure.class)
                .satisfies(e -> assertThat(((Failure) e).kind()).isEqualTo(Failure.Kind.TOO_LARGE));
    }
}
