package caravel.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BackendOnEmulator;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform ban stands, not a one-shot sweep: a relay that was off when it ran is banned once it is served again, a
 * relay created after it is banned once provisioned, a pass that failed on a relay is retried with backoff until it
 * holds, and the API says all along which relays still wait. Meanwhile the banned key is refused by every relay's
 * member add (the one ban rule), so the window before a pass reaches a relay lets nobody in through Caravel.
 */
@Tag("peer")
@BothDatabases
class PlatformBanStandsTest {
    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), owner = Keys.generate();
    final Keys spammer = Keys.generate();
    BackendOnEmulator served;
    ZooidEmulator zooid;
    TestBackend backend;
    Api api;
    final Map<String, String> ids = new HashMap<>();

    void start() throws Exception {
        served = BackendOnEmulator.start(dir, zooidKey, "archived");
        zooid = served.zooid;
        backend = served.backend;
        api = served.api;
    }

    @AfterEach
    void stop() throws Exception {
        if (served != null) served.close();
    }

    JsonNode relay(String sub) {
        return api.as(owner, "GET", "/relays/" + ids.get(sub), null).json();
    }

    void create(String sub) {
        ids.put(sub, served.createFreeRelay(owner, sub));
    }

    void awaitSynced(String sub, String status) {
        served.awaitSynced(owner, ids.get(sub), status);
    }

    /** Whether the relay lists the key as banned; a relay zooid is not serving (yet) lists nobody. */
    boolean banned(String sub, Keys who) {
        try {
            return zooid.control("GET", "/_emulator/relays/" + sub + "/banned", null)
                    .findValuesAsText("pubkey")
                    .contains(who.pubkey());
        } catch (IllegalStateException notServedYet) {
            return false; // a real zooid answers 404 for a moment while it loads a relay it was just given again
        }
    }

    String platformBan(Keys who) {
        Api.Response started = api.as(
                backend.admin,
                "POST",
                "/admin/platform-bans",
                "{\"pubkey\":\"" + who.pubkey() + "\",\"reason\":\"spam\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return started.json().get("id").asText();
    }

    JsonNode ban(String id) {
        return api.as(backend.admin, "GET", "/admin/platform-bans/" + id, null).json();
    }

    JsonNode awaitBan(String id, String what, java.util.function.Predicate<JsonNode> p) {
        return Wait.until(what, Duration.ofSeconds(30), () -> ban(id), p);
    }

    Map<String, JsonNode> outcomes(String id) {
        Api.Response r = api.as(backend.admin, "GET", "/admin/platform-bans/" + id + "/relays", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode n : r.json().get("items")) out.put(n.get("subdomain").asText(), n);
        return out;
    }

    @Test
    void aBanReachesARelayThatWasOffOnceItIsBackAndARelayCreatedLater() throws Exception {
        start();
        create("live");
        create("sleepy");
        Api.Response off = api.as(owner, "POST", "/relays/" + ids.get("sleepy") + "/deactivate", null);
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        awaitSynced("sleepy", "inactive");

        String id = platformBan(spammer);
        JsonNode done =
                awaitBan(id, "first pass done", j -> j.get("status").asText().equals("done"));
        assertThat(banned("live", spammer)).isTrue();
        // the relay that is off is not a failure: it waits, and the API says so
        assertThat(done.get("failed").asInt()).isZero();
        assertThat(done.get("waiting").asInt()).isEqualTo(1);
        JsonNode waiting = outcomes(id).get("sleepy");
        assertThat(waiting.get("state").asText()).isEqualTo("waiting");
        assertThat(waiting.get("error").asText()).contains("off now");
        // a second ban of the same key while one stands is refused
        Api.Response twice =
                api.as(backend.admin, "POST", "/admin/platform-bans", "{\"pubkey\":\"" + spammer.pubkey() + "\"}");
        assertThat(twice.status()).as(twice.body()).isEqualTo(409);

        // back on: the ban reaches it, without anyone banning again
        Api.Response on = api.as(owner, "POST", "/relays/" + ids.get("sleepy") + "/reactivate", null);
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        Wait.until("banned on the relay that came back", Duration.ofSeconds(30), () -> banned("sleepy", spammer));
        awaitBan(
                id,
                "nothing waits",
                j -> j.get("status").asText().equals("done") && j.get("waiting").asInt() == 0);
        assertThat(outcomes(id).get("sleepy").get("state").asText()).isEqualTo("banned");

        // a relay created after the ban: banned there as soon as it is provisioned, and its owner cannot add the key
        create("newer");
        Wait.until("banned on the newer relay", Duration.ofSeconds(30), () -> banned("newer", spammer));
        Api.Response add = api.as(
                owner, "POST", "/relays/" + ids.get("newer") + "/members", "{\"pubkey\":\"" + spammer.pubkey() + "\"}");
        assertThat(add.status()).as(add.body()).isEqualTo(403);
        assertThat(add.json().get("code").asText()).isEqualTo("banned");
        awaitBan(id, "every relay reached", j -> j.get("waiting").asInt() == 0);

        // undone: it stands no more, so a relay created now is not banned, and the key may be added there
        Api.Response undo = api.as(backend.admin, "POST", "/admin/platform-bans/" + id + "/undo", null);
        assertThat(undo.status()).as(undo.body()).isEqualTo(200);
        awaitBan(id, "undone", j -> j.get("status").asText().equals("undone"));
        create("fresh");
        backend.awaitJobsSettled();
        assertThat(banned("fresh", spammer)).isFalse();
        Api.Response added = api.as(
                owner, "POST", "/relays/" + ids.get("fresh") + "/members", "{\"pubkey\":\"" + spammer.pubkey() + "\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    @Test
    void aPassThatFailsIsRetriedWithBackoffUntilTheBanHolds() throws Exception {
        start();
        create("steady");
        // the relays answer errors for a while (emulator-only: skipped on a real zooid)
        zooid.control("POST", "/_emulator/fail", "{\"status\":500,\"count\":4,\"target\":\"all\"}");
        String id = platformBan(spammer);
        JsonNode failed = awaitBan(id, "a failed pass", j -> j.get("retries").asInt() > 0);
        assertThat(failed.get("next_retry_at").isNull()).isFalse();
        JsonNode held = awaitBan(
                id,
                "the ban holds after retries",
                j -> j.get("status").asText().equals("done")
                        && j.get("waiting").asInt() == 0
                        && j.get("retries").asInt() == 0);
        assertThat(held.get("next_retry_at").isNull()).isTrue();
        assertThat(banned("steady", spammer)).isTrue();
        assertThat(outcomes(id).get("steady").get("state").asText()).isEqualTo("banned");
    }
}
