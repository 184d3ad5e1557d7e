package caravel.admission;

import static caravel.admission.TownAdmission.ok;
import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the "ask to join" tests share: the owner's relay on the zooid emulator (subdomain {@code town}), asking to join
 * with terms, and the calls a stranger, the owner and another account make. Each test class says only what it tries.
 */
abstract class AskToJoinCase {
    static final String TERMS = "Be kind. No spam.\nPosts in English.";

    @TempDir
    Path dir;

    CommunityFixture fx;
    Api api;
    TownAdmission town;

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    void start() throws Exception {
        fx = CommunityFixture.start(dir, CommunityFixture.Options.defaults(), "Town Square", "town");
        api = fx.api;
        town = new TownAdmission(fx);
        fx.watched();
    }

    String relay(String path) {
        return "/relays/" + fx.relayId + path;
    }

    Api.Response settings(Keys who, String body) {
        return api.as(who, "PUT", relay("/join-settings"), body);
    }

    void askToJoin() {
        ok(settings(fx.owner, "{\"ask_to_join\":true,\"terms\":" + Api.json(TERMS) + "}"));
    }

    Api.Response request(Keys who, String body) {
        return api.as(who, "POST", "/admissions/town/request", body);
    }

    String requestId(Keys who) {
        Api.Response r = request(who, "{\"message\":\"Hi, I run the bakery.\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("request_id").asText();
    }

    Api.Response decide(Keys who, String id, String decision) {
        return api.as(who, "POST", relay("/join-requests/" + id + "/" + decision), "{}");
    }

    String mine(Keys who) {
        return ok(api.as(who, "GET", "/admissions/town/request", null))
                .get("status")
                .asText();
    }

    boolean memberOnRelay(Keys who) {
        return fx.zooid()
                .control("GET", "/_emulator/relays/town/members", null)
                .findValuesAsText("pubkey")
                .contains(who.pubkey());
    }

    static void refused(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("code").asText()).as(r.body()).isEqualTo(code);
    }

    void ban(Keys who) {
        Api.Response r =
                api.as(fx.owner, "POST", relay("/bans"), "{\"pubkey\":\"" + who.pubkey() + "\",\"reason\":\"spam\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    boolean canPost(Keys who) {
        return new Member(who, fx.relayUrl)
                .publish(1, List.of(), "hello " + System.nanoTime())
                .get("ok")
                .asBoolean();
    }
}
