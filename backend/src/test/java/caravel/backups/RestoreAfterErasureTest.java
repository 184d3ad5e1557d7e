package caravel.backups;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore never brings an erased person back (docs/erasure.md "Backups"): a backup taken while alice was a member
 * with posts and a name, restored after her erasure into the same relay and into a new one, leaves out her posts (as
 * a Nostr client reads the relay), her membership and her name, and brings bob's back; the preview says how much it
 * leaves out. Through the operator's RESTORE_EVENTS_COMMAND, which writes zooid's database where no ban guards it.
 */
@Tag("peer")
class RestoreAfterErasureTest {
    @TempDir
    static Path dir;

    static CommunityFixture fx;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = Map.of(
                "RELAY_BACKUP_DIR",
                dir.resolve("relay-backups").toString(),
                "PLANS",
                BackupRoundTrip.PLANS,
                "RESTORE_EVENTS_COMMAND",
                "{restore-events}");
        fx = CommunityFixture.start(dir, CommunityFixture.Options.defaults().withEnv(env), "Source", "source");
        api = fx.api;
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) fx.close();
        Member.shutdown();
    }

    static Api.Response owner(String method, String path, String body) {
        return api.as(fx.owner, method, "/relays/" + fx.relayId + path, body);
    }

    static List<String> post(Member m, int n) {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode p = m.publish(1, List.of(), "note " + i);
            assertThat(p.path("ok").asBoolean()).as(p.toString()).isTrue();
            ids.add(p.at("/event/id").asText());
        }
        return ids;
    }

    static List<String> postsOf(Member reader, String author) {
        return reader.query(true, "{\"authors\":[\"" + author + "\"]}")
                .get("events")
                .findValuesAsText("id");
    }

    static JsonNode restoreEnded(String relay, String restoreId) {
        return Wait.until(
                "restore ended",
                Duration.ofSeconds(90),
                () -> api.as(fx.owner, "GET", "/relays/" + relay + "/restores/" + restoreId, null)
                        .json(),
                j -> j.path("status").asText().matches("done|failed"));
    }

    @Test
    void aBackupTakenBeforeAnErasureIsRestoredWithoutTheErasedPerson() throws Exception {
        Member alice = new Member(Keys.generate(), fx.relayUrl), bob = new Member(Keys.generate(), fx.relayUrl);
        for (Member m : List.of(alice, bob))
            assertThat(owner("POST", "/members", "{\"pubkey\":\"" + m.pubkey() + "\"}")
                            .status())
                    .isEqualTo(201);
        List<String> hers = post(alice, 2);
        List<String> his = post(bob, 1);
        Api.Response named = owner("PUT", "/names/alice", "{\"pubkey\":\"" + alice.pubkey() + "\"}");
        assertThat(named.status()).as(named.body()).isEqualTo(200);

        Api.Response taken = owner("POST", "/backups", null);
        assertThat(taken.status()).as(taken.body()).isEqualTo(202);
        String backupId = taken.json().path("id").asText();
        Wait.until(
                "backup done",
                Duration.ofSeconds(60),
                () -> owner("GET", "/backups", null).json().path("items"),
                items -> items.toString().contains("\"id\":\"" + backupId + "\"")
                        && items.findValuesAsText("status").stream().noneMatch(s -> s.equals("running")));

        // before her erasure, the preview leaves nothing out
        JsonNode before = owner("GET", "/backups/" + backupId + "/preview?mode=merge", null)
                .json();
        assertThat(before.path("events_erased").asLong()).as(before.toString()).isZero();
        assertThat(before.path("items_erased").asLong()).isZero();

        Api.Response erased =
                owner("POST", "/members/" + alice.pubkey() + "/erase", "{\"confirm\":\"" + alice.keys.npub() + "\"}");
        assertThat(erased.status()).as(erased.body()).isEqualTo(202);
        Wait.until(
                "erasure done",
                Duration.ofSeconds(30),
                () -> owner("GET", "/erasures", null).json().get("items"),
                items -> items.toString().contains("\"step\":\"done\""));
        assertThat(postsOf(bob, alice.pubkey())).isEmpty();

        // the preview says what the restore leaves out: her two posts, the relay's event adding her and its member list
        // naming her (which would make her a member again), her membership and her name
        JsonNode preview = owner("GET", "/backups/" + backupId + "/preview?mode=merge", null)
                .json();
        assertThat(preview.path("events_erased").asLong())
                .as(preview.toString())
                .isEqualTo(hers.size() + 2);
        assertThat(preview.path("items_erased").asLong()).as(preview.toString()).isEqualTo(2);
        assertThat(preview.path("parts").path("members").path("add").asLong()).isZero();

        // merged into the same relay: she stays gone
        Api.Response started = owner("POST", "/restores", "{\"backup\":\"" + backupId + "\",\"mode\":\"merge\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode merged = restoreEnded(fx.relayId, started.json().path("id").asText());
        assertThat(merged.path("status").asText()).as(merged.toString()).isEqualTo("done");
        assertThat(postsOf(bob, alice.pubkey())).isEmpty();
        assertThat(postsOf(bob, bob.pubkey())).containsAll(his);
        assertThat(owner("GET", "/members", null).json().get("items").findValuesAsText("pubkey"))
                .contains(bob.pubkey())
                .doesNotContain(alice.pubkey());
        assertThat(owner("GET", "/names", null).body()).doesNotContain(alice.pubkey());
        assertThat(owner("GET", "/activity", null).body()).contains("4 events of erased people left out");

        // into a new relay: bob's post is there, none of hers, and she is no member
        BackupRoundTrip.RestoredCopy copy = BackupRoundTrip.restoreIntoNew(api, fx.owner, fx.relayId, backupId);
        assertThat(copy.restore().path("status").asText())
                .as(copy.restore().toString())
                .isEqualTo("done");
        Member bobThere = new Member(bob.keys, fx.relayUrl.replace("source.", "copy."));
        assertThat(postsOf(bobThere, bob.pubkey())).containsAll(his);
        assertThat(postsOf(bobThere, alice.pubkey())).isEmpty();
        String copyPath = "/relays/" + copy.relayId();
        assertThat(api.as(fx.owner, "GET", copyPath + "/members", null)
                        .json()
                        .get("items")
                        .findValuesAsText("pubkey"))
                .contains(bob.pubkey())
                .doesNotContain(alice.pubkey());
        assertThat(api.as(fx.owner, "GET", copyPath + "/names", null).body()).doesNotContain(alice.pubkey());
    }
}
