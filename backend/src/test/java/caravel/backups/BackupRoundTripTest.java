package caravel.backups;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link BackupRoundTrip} with the backups in the platform's own folder (RELAY_BACKUP_DIR). */
class BackupRoundTripTest extends BackupRoundTrip {
    private Path folder;

    @Override
    Map<String, String> storageSettings(Path dir) {
        folder = dir.resolve("relay-backups");
        return Map.of("RELAY_BACKUP_DIR", folder.toString());
    }

    @Override
    String kind() {
        return "local";
    }

    @Override
    Set<String> stored(String relayId) throws Exception {
        Path relay = folder.resolve(relayId);
        Set<String> out = new HashSet<>();
        if (!Files.exists(relay)) return out;
        try (Stream<Path> all = Files.walk(relay)) {
            all.filter(Files::isRegularFile)
                    .forEach(f -> out.add(relay.relativize(f).toString().replace('\\', '/')));
        }
        return out;
    }

    /**
     * The operator's events command writes rows no relay checks, so a stored events file changed after its backup was
     * written (a forged post added to it on the disk) is refused whole before the command runs: the restore fails
     * saying so, and the new relay holds none of the file's events, the genuine ones included.
     */
    @Test
    void anEventsFileChangedInTheStorageIsNotRestored() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(storageSettings(dir));
        env.putAll(Map.of("PLANS", PLANS, "RESTORE_EVENTS_COMMAND", "{restore-events}"));
        fx = CommunityFixture.start(
                dir, CommunityFixture.Options.defaults().withoutDms().withEnv(env), "Source", "source");
        Api api = fx.api;
        Keys alice = Keys.generate();
        assertThat(api.as(
                                fx.owner,
                                "POST",
                                "/relays/" + fx.relayId + "/members",
                                "{\"pubkey\":\"" + alice.pubkey() + "\"}")
                        .status())
                .isEqualTo(201);
        JsonNode posted = new Member(alice, fx.relayUrl).publish(1, List.of(), "genuine");
        assertThat(posted.path("ok").asBoolean()).as(posted.toString()).isTrue();
        Api.Response taken = api.as(fx.owner, "POST", "/relays/" + fx.relayId + "/backups", null);
        assertThat(taken.status()).as(taken.body()).isEqualTo(202);
        String backupId = taken.json().path("id").asText();
        assertThat(awaitBackup(api, fx.owner, fx.relayId, backupId)
                        .path("status")
                        .asText())
                .isEqualTo("done");

        // a post in alice's name added to the stored file: its id is right for its content, its signature is the one
        // of her genuine post (what the operator's command, which checks shapes and never signatures, would store)
        Path events = folder.resolve(fx.relayId).resolve(backupId).resolve(Manifest.EVENTS);
        Event genuine = Files.readAllLines(events, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("genuine"))
                .map(l -> Event.fromJson(caravel.json.Json.parse(l)))
                .findFirst()
                .orElseThrow();
        String forgedId = Hex.encode(
                Event.computeId(genuine.pubkey(), genuine.createdAt(), genuine.kind(), genuine.tags(), "forged"));
        Event forged = new Event(
                forgedId,
                genuine.pubkey(),
                genuine.createdAt(),
                genuine.kind(),
                genuine.tags(),
                "forged",
                genuine.sig());
        Files.writeString(
                events, forged.toJsonString() + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        RestoredCopy restored = restoreIntoNew(api, fx.owner, fx.relayId, backupId);
        String copy = restored.relayId();
        JsonNode restore = restored.restore();
        assertThat(restore.path("status").asText()).as(restore.toString()).isEqualTo("failed");
        assertThat(restore.toString()).contains("differs from the one written");
        // read from the node's own store, which keeps whatever the command wrote (Caravel's export would leave out a
        // badly signed post)
        String schema = caravel.Inside.of(fx.backend.app)
                .relayStore()
                .find(copy)
                .orElseThrow()
                .schema();
        JsonNode stored = fx.zooid().control("GET", "/_emulator/relays/" + schema + "/events?kinds=1", null);
        assertThat(stored.toString()).doesNotContain("forged").doesNotContain("genuine");
    }

    /** The folder is the only place: the checks of {@link #stored} see every file, a half-written one too. */
    @Override
    void nothingWrittenElsewhere(Path dir) {}
}
