package caravel.backups;

import static caravel.testing.Erasing.post;
import static caravel.testing.Erasing.postsOf;
import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Erasing;
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
        Erasing.erasureDone(api, fx.owner, fx.relayId, alice.pubkey());
        // her DM dates the end of the backups that still hold her: the one backup, on the daily schedule with the
        // plan's 3 kept, goes when the third daily backup after it is taken (the schedule's pass may start it 10
        // minutes late)
        long takenAt = 0;
        for (JsonNode b : owner("GET", "/backups", null).json().path("items"))
            if (b.path("id").asText().equals(backupId))
                takenAt = b.path("created_at").asLong();
        assertThat(takenAt).isPositive();
        long until = Math.max(fx.clock.seconds(), takenAt + 86_400) + 2 * 86_400 + 600;
        String day = java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.ENGLISH)
                .withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.ofEpochSecond(until));
        Wait.until(
                "alice's DM with the date",
                Duration.ofSeconds(20),
                () -> fx.dmsTo(alice.keys),
                dms -> dms.stream().anyMatch(d -> d.contains("erased you") && d.contains("until " + day + " (UTC)")));
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

        // the relay is deleted and purged: its backups stay, and so does the record of whom it erased, so the backup
        // taken before her erasure, restored into a new relay after the purge, still leaves her out
        Api.Response deleted = owner("POST", "/delete", "{\"confirm\":\"source\"}");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        fx.backend.awaitJobsSettled();
        fx.clock.advance(Duration.ofDays(7).plusSeconds(1));
        Wait.until(
                "the purge",
                Duration.ofSeconds(30),
                () -> owner("GET", "", null).json(),
                r -> !r.at("/deletion/purged_at").isNull());
        Api.Response again = owner(
                "POST",
                "/backups/" + backupId + "/restore-into-new",
                "{\"name\":\"Again\",\"subdomain\":\"again\",\"plan\":\"free\"}");
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        String againId = again.json().path("relay_id").asText();
        JsonNode restored = restoreEnded(againId, again.json().at("/restore/id").asText());
        assertThat(restored.path("status").asText()).as(restored.toString()).isEqualTo("done");
        Member bobAgain = new Member(bob.keys, fx.relayUrl.replace("source.", "again."));
        assertThat(postsOf(bobAgain, bob.pubkey())).containsAll(his);
        assertThat(postsOf(bobAgain, alice.pubkey())).isEmpty();
        assertThat(api.as(fx.owner, "GET", "/relays/" + againId + "/members", null)
                        .json()
                        .get("items")
                        .findValuesAsText("pubkey"))
                .contains(bob.pubkey())
                .doesNotContain(alice.pubkey());
    }
}
