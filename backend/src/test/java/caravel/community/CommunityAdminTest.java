package caravel.community;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BackendOnEmulator;
import caravel.testing.BothDatabases;
import caravel.testing.Member;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invite codes where the relay manages them (newer zooid) and where it cannot (archived), tools shown only where
 * the relay offers them, a super-admin's reach over every relay, and the platform-wide ban with its undo.
 */
@Tag("peer")
@BothDatabases
class CommunityAdminTest {
    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), owner = Keys.generate(), other = Keys.generate();
    BackendOnEmulator served;
    ZooidEmulator zooid;
    TestBackend backend;
    Api api;

    void start(String line) throws Exception {
        served = BackendOnEmulator.start(dir, zooidKey, line);
        zooid = served.zooid;
        backend = served.backend;
        api = served.api;
    }

    @AfterEach
    void stop() throws Exception {
        // the fields, not the fixture's: a test restarts the emulator in place
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    String create(Keys who, String sub) {
        return served.createFreeRelay(who, sub);
    }

    @Test
    void theNewerLineManagesInviteCodes() throws Exception {
        start("newer");
        String id = create(owner, "club");
        String url = "ws://club.localhost:" + zooid.port;
        assertThat(api.as(owner, "GET", "/relays/" + id + "/capabilities", null)
                        .json()
                        .get("claims")
                        .asBoolean())
                .isTrue();
        JsonNode invite =
                api.as(owner, "GET", "/relays/" + id + "/invite", null).json();
        assertThat(invite.get("permanent").asBoolean()).isFalse();
        assertThat(invite.get("manageable").asBoolean()).isTrue();

        Api.Response made = api.as(owner, "POST", "/relays/" + id + "/invites", "{\"code\":\"WELCOME1\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.json().get("url").asText()).endsWith("&c=WELCOME1");
        assertThat(api.as(owner, "GET", "/relays/" + id + "/invites", null)
                        .json()
                        .get("items")
                        .findValuesAsText("claim"))
                .contains("WELCOME1");
        Member dana = new Member(Keys.generate(), url), eve = new Member(Keys.generate(), url);
        assertThat(dana.join("WELCOME1").get("ok").asBoolean()).isTrue();

        assertThat(api.as(owner, "DELETE", "/relays/" + id + "/invites/WELCOME1", null)
                        .status())
                .isEqualTo(204);
        JsonNode refused = eve.join("WELCOME1");
        assertThat(refused.get("ok").asBoolean()).isFalse();
        assertThat(refused.get("message").asText()).contains("invite code");
        Api.Response bad = api.as(owner, "POST", "/relays/" + id + "/invites", "{\"code\":\"no spaces\"}");
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void theArchivedLineSaysItsCodeIsPermanentAndAdminsReachEveryRelay() throws Exception {
        start("archived");
        String mine = create(owner, "alpha"), theirs = create(other, "beta");
        JsonNode invite =
                api.as(owner, "GET", "/relays/" + mine + "/invite", null).json();
        assertThat(invite.get("permanent").asBoolean()).isTrue();
        Api.Response list = api.as(owner, "GET", "/relays/" + mine + "/invites", null);
        assertThat(list.status()).isEqualTo(409);
        assertThat(list.error()).contains("does not offer managing invite codes");

        // other tenants' relays are invisible; an administrator reaches them all
        assertThat(api.as(owner, "GET", "/relays/" + theirs + "/bans", null).status())
                .isEqualTo(404);
        assertThat(api.as(backend.admin, "GET", "/relays/" + theirs + "/bans", null)
                        .status())
                .isEqualTo(200);
        Keys someone = Keys.generate();
        assertThat(api.as(
                                backend.admin,
                                "POST",
                                "/relays/" + theirs + "/members",
                                "{\"pubkey\":\"" + someone.pubkey() + "\"}")
                        .status())
                .isEqualTo(201);
        JsonNode act = api.as(other, "GET", "/relays/" + theirs + "/activity", null)
                .json()
                .get("items")
                .get(0);
        assertThat(act.get("kind").asText()).isEqualTo("member_added");

        // a platform ban reaches every relay, shows its progress, and is undone exactly where it was applied
        Keys spammer = Keys.generate();
        assertThat(api.as(owner, "POST", "/admin/platform-bans", "{\"pubkey\":\"" + spammer.pubkey() + "\"}")
                        .status())
                .isEqualTo(403);
        Api.Response started = api.as(
                backend.admin,
                "POST",
                "/admin/platform-bans",
                "{\"pubkey\":\"" + spammer.npub() + "\",\"reason\":\"spam everywhere\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String ban = started.json().get("id").asText();
        JsonNode done = Wait.until(
                "platform ban done",
                Duration.ofSeconds(30),
                () -> api.as(backend.admin, "GET", "/admin/platform-bans/" + ban, null)
                        .json(),
                j -> j.get("status").asText().equals("done"));
        assertThat(done.get("total").asInt()).isEqualTo(2);
        assertThat(done.get("done").asInt()).isEqualTo(2);
        assertThat(done.get("failed").asInt()).isZero();
        for (String schema : new String[] {"alpha", "beta"})
            assertThat(zooid.control("GET", "/_emulator/relays/" + schema + "/banned", null)
                            .findValuesAsText("pubkey"))
                    .contains(spammer.pubkey());
        assertThat(api.as(owner, "GET", "/relays/" + mine + "/bans", null)
                        .json()
                        .get("items")
                        .get(0)
                        .get("reason")
                        .asText())
                .isEqualTo("spam everywhere");

        api.as(backend.admin, "POST", "/admin/platform-bans/" + ban + "/undo", null);
        Wait.until(
                "platform ban undone",
                Duration.ofSeconds(30),
                () -> api.as(backend.admin, "GET", "/admin/platform-bans/" + ban, null)
                        .json(),
                j -> j.get("status").asText().equals("undone"));
        for (String schema : new String[] {"alpha", "beta"})
            assertThat(zooid.control("GET", "/_emulator/relays/" + schema + "/banned", null)
                            .findValuesAsText("pubkey"))
                    .doesNotContain(spammer.pubkey());

        // a relay zooid does not serve: the refusal is a sentence, not a status code
        api.as(owner, "POST", "/relays/" + mine + "/deactivate", null);
        Wait.until(
                "inactive",
                Duration.ofSeconds(20),
                () -> api.as(owner, "GET", "/relays/" + mine, null).json(),
                j -> j.get("status").asText().equals("inactive")
                        && j.at("/sync/state").asText().equals("synced"));
        Api.Response down = api.as(owner, "GET", "/relays/" + mine + "/bans", null);
        assertThat(down.status()).isEqualTo(409);
        assertThat(down.error())
                .startsWith("The relay is not online right now")
                .doesNotContain("zooid")
                .doesNotContain("404");
    }

    @Test
    void theWatcherSubscribesAgainAfterZooidRestarts() throws Exception {
        start("archived");
        String id = create(owner, "steady");
        Inside.of(backend.app).community().watcher.reconcileNow();
        Wait.until(
                "watching",
                Duration.ofSeconds(15),
                () -> Inside.of(backend.app).community().watcher.watching(id),
                w -> w);
        int port = zooid.port;
        int opens = Inside.of(backend.app).community().watcher.opens(id);
        zooid.close();
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), port, "archived");
        Wait.until(
                "subscribed again",
                Duration.ofSeconds(60),
                () -> {
                    Inside.of(backend.app).community().watcher.reconcileNow();
                    return Inside.of(backend.app).community().watcher.opens(id);
                },
                n -> n > opens && Inside.of(backend.app).community().watcher.watching(id));
        // and the new subscription is live: a join queues a cap check
        java.util.function.Supplier<Long> lastCheck = () -> Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT coalesce(max(id), 0) FROM jobs WHERE kind = 'community.cap' AND status = 'done'")
                        .mapTo(Long.class)
                        .one());
        Wait.until(
                "the re-subscription's own check done",
                Duration.ofSeconds(20),
                () -> Inside.of(backend.app)
                        .db()
                        .jdbi()
                        .withHandle(h -> h.createQuery(
                                        "SELECT count(*) FROM jobs WHERE kind = 'community.cap' AND status = 'queued'")
                                .mapTo(Integer.class)
                                .one()),
                n -> n == 0);
        long before = lastCheck.get();
        Member m = new Member(Keys.generate(), "ws://steady.localhost:" + port);
        String claim = api.as(owner, "GET", "/relays/" + id + "/invite", null)
                .json()
                .get("claim")
                .asText();
        assertThat(m.join(claim).get("ok").asBoolean()).isTrue();
        Wait.until("a cap check after the join", Duration.ofSeconds(20), lastCheck, n -> n > before);
    }
}
