package caravel.admission;

import static caravel.admission.TownAdmission.ok;
import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Ask to join", tried as a stranger and as people who should not get in: a request is the signed-in key's own,
 * waits for the owner, and approval admits through the member add (so a ban or a full relay refuses it and the
 * request keeps waiting); two approvals at once admit once; another account cannot see or decide the relay's
 * requests; a priced relay's approval admits nobody without payment. Run for real against the zooid emulator.
 */
@Tag("peer")
@BothDatabases
class JoinRequestsTest {
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

    @Test
    void aStrangerReadsTheTermsAsksIsApprovedAndPosts() throws Exception {
        start();
        Keys stranger = Keys.generate();
        // a relay that does not ask takes no requests
        refused(request(stranger, "{}"), 409, "not_asking");
        askToJoin();

        JsonNode page = ok(api.send("GET", "/admissions/town", null, null));
        assertThat(page.get("ask_to_join").asBoolean()).isTrue();
        assertThat(page.get("terms").asText()).isEqualTo(TERMS);
        Api.Response terms = api.send("GET", "/join/town/terms", null, null);
        assertThat(terms.status()).isEqualTo(200);
        assertThat(terms.body()).isEqualTo(TERMS);
        assertThat(page.get("terms_url").asText()).endsWith("/join/town/terms");

        assertThat(mine(stranger)).isEqualTo("none");
        String id = requestId(stranger);
        assertThat(mine(stranger)).isEqualTo("pending");
        // one waiting request per key
        refused(request(stranger, "{}"), 409, "request_pending");

        JsonNode list = ok(api.as(fx.owner, "GET", relay("/join-requests"), null));
        assertThat(list.get("pending").asInt()).isEqualTo(1);
        assertThat(list.at("/items/0/pubkey").asText()).isEqualTo(stranger.pubkey());
        assertThat(list.at("/items/0/message").asText()).isEqualTo("Hi, I run the bakery.");
        assertThat(list.at("/items/0/source").asText()).isEqualTo("page");
        assertThat(ok(api.as(fx.owner, "GET", relay("/join-settings"), null))
                        .get("pending")
                        .asInt())
                .isEqualTo(1);

        assertThat(canPost(stranger)).isFalse();
        JsonNode d = ok(decide(fx.owner, id, "approve"));
        assertThat(d.get("status").asText()).isEqualTo("approved");
        assertThat(memberOnRelay(stranger)).isTrue();
        assertThat(canPost(stranger)).isTrue();
        // decided once: a second approval (or a denial) finds nothing to decide
        refused(decide(fx.owner, id, "approve"), 409, "request_decided");
        refused(decide(fx.owner, id, "deny"), 409, "request_decided");
        assertThat(ok(api.as(fx.owner, "GET", relay("/join-requests"), null))
                        .get("pending")
                        .asInt())
                .isZero();
        Wait.until("member mirror", Duration.ofSeconds(10), () -> mine(stranger), s -> s.equals("member"));
        // a member asking again is told so
        refused(request(stranger, "{}"), 409, "already_member");
        Wait.until(
                "approval DM",
                Duration.ofSeconds(15),
                () -> fx.dmsTo(stranger),
                dms -> dms.stream().anyMatch(m -> m.contains("was approved")));
        assertThat(town.activityKinds()).contains("join_requested", "join_approved", "member_added");
    }

    @Test
    void aDeniedPersonIsToldAndMayAskAgain() throws Exception {
        start();
        askToJoin();
        Keys stranger = Keys.generate();
        String id = requestId(stranger);
        assertThat(ok(decide(fx.owner, id, "deny")).get("status").asText()).isEqualTo("denied");
        assertThat(mine(stranger)).isEqualTo("denied");
        assertThat(memberOnRelay(stranger)).isFalse();
        Wait.until(
                "denial DM",
                Duration.ofSeconds(15),
                () -> fx.dmsTo(stranger),
                dms -> dms.stream().anyMatch(m -> m.contains("was declined")));
        requestId(stranger);
        assertThat(mine(stranger)).isEqualTo("pending");
    }

    @Test
    void aRequestIsTheSignersOwnAndAnotherAccountCannotSeeOrDecideIt() throws Exception {
        start();
        askToJoin();
        Keys alice = Keys.generate(), mallory = Keys.generate();
        // naming another key in the body is refused outright; the request is always the signer's
        refused(request(mallory, "{\"pubkey\":\"" + alice.pubkey() + "\"}"), 400, "invalid_input");
        String id = requestId(mallory);
        assertThat(mine(alice)).isEqualTo("none");
        JsonNode list = ok(api.as(fx.owner, "GET", relay("/join-requests"), null));
        assertThat(list.findValuesAsText("pubkey")).containsExactly(mallory.pubkey());
        // unsigned: no request at all
        assertThat(api.send("POST", "/admissions/town/request", "{}", null).status())
                .isEqualTo(401);

        // another account (with a relay of its own) neither lists nor decides nor edits this relay's requests
        Keys other = Keys.generate();
        refused(api.as(other, "GET", relay("/join-requests"), null), 404, "not_found");
        refused(decide(other, id, "approve"), 404, "not_found");
        refused(decide(other, id, "deny"), 404, "not_found");
        refused(settings(other, "{\"ask_to_join\":false}"), 404, "not_found");
        // nor may the requester approve themselves
        refused(decide(mallory, id, "approve"), 404, "not_found");
        assertThat(memberOnRelay(mallory)).isFalse();
        assertThat(mine(mallory)).isEqualTo("pending");
        // an id of this relay's request used on another relay is not found there
        Api.Response own =
                api.as(other, "POST", "/relays", "{\"name\":\"Other\",\"subdomain\":\"other\",\"plan\":\"free\"}");
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        String otherRelay = own.json().at("/relay/id").asText();
        refused(
                api.as(other, "POST", "/relays/" + otherRelay + "/join-requests/" + id + "/approve", "{}"),
                404,
                "not_found");
        assertThat(mine(mallory)).isEqualTo("pending");
    }

    @Test
    void aBannedKeyCannotAskNorBeApprovedAndAFullRelaySaysSo() throws Exception {
        start();
        askToJoin();
        Keys banned = Keys.generate(), later = Keys.generate(), waiting = Keys.generate();
        ban(banned);
        refused(request(banned, "{}"), 403, "banned");

        // asked, then banned: approval is refused and admits nothing
        String id = requestId(later);
        ban(later);
        refused(decide(fx.owner, id, "approve"), 403, "banned");
        assertThat(memberOnRelay(later)).isFalse();
        assertThat(mine(later)).isEqualTo("pending");

        // the free plan's 10 members used: approval is the allowance's refusal, and the request keeps waiting
        String waitingId = requestId(waiting);
        for (int i = 0; i < 10; i++)
            assertThat(api.as(
                                    fx.owner,
                                    "POST",
                                    relay("/members"),
                                    "{\"pubkey\":\"" + Keys.generate().pubkey() + "\"}")
                            .status())
                    .isEqualTo(201);
        Api.Response full = decide(fx.owner, waitingId, "approve");
        refused(full, 409, "member_cap_reached");
        assertThat(full.json().get("limit").asInt()).isEqualTo(10);
        assertThat(memberOnRelay(waiting)).isFalse();
        assertThat(mine(waiting)).isEqualTo("pending");
    }

    @Test
    void twoApprovalsAtOnceAdmitOnce() throws Exception {
        start();
        askToJoin();
        Keys stranger = Keys.generate();
        String id = requestId(stranger);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++)
                answers.add(pool.submit(() -> {
                    go.await();
                    return decide(fx.owner, id, "approve");
                }));
            go.countDown();
            int admitted = 0, decided = 0;
            for (Future<Api.Response> f : answers) {
                Api.Response r = f.get();
                if (r.status() == 200) admitted++;
                else {
                    refused(r, 409, "request_decided");
                    decided++;
                }
            }
            assertThat(admitted).isEqualTo(1);
            assertThat(decided).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(memberOnRelay(stranger)).isTrue();
        assertThat(town.activityKinds().stream().filter("member_added"::equals).count())
                .isEqualTo(1);
        assertThat(town.activityKinds().stream().filter("join_approved"::equals).count())
                .isEqualTo(1);
    }

    @Test
    void aPricedRelaysApprovalAsksForPaymentAndAdmitsNobodyFree() throws Exception {
        start();
        town.sell(RelayAdmission.Mode.MONTHLY, 1_000, 7, "Be kind.");
        askToJoin();
        Keys stranger = Keys.generate();
        // the join page sells (and gives trials) only to approved people while the relay asks to join
        int made = fx.wallet.makeCalls.get();
        refused(town.call(stranger, "POST", "/join"), 409, "request_needed");
        assertThat(fx.wallet.makeCalls.get()).isEqualTo(made);
        String id = requestId(stranger);
        refused(town.call(stranger, "POST", "/join"), 409, "request_needed");

        assertThat(ok(decide(fx.owner, id, "approve")).get("status").asText()).isEqualTo("to_pay");
        fx.backend.awaitJobsSettled();
        assertThat(memberOnRelay(stranger)).isFalse();
        assertThat(mine(stranger)).isEqualTo("to_pay");
        Wait.until(
                "pay DM",
                Duration.ofSeconds(15),
                () -> fx.dmsTo(stranger),
                dms -> dms.stream().anyMatch(m -> m.contains("finish joining")));

        // approved: the join page sells to them now (the trial the relay offers, or an invoice)
        Api.Response join = town.call(stranger, "POST", "/join");
        assertThat(join.status()).as(join.body()).isBetween(200, 201);
        // someone else, never approved, is still refused
        refused(town.call(Keys.generate(), "POST", "/join"), 409, "request_needed");
    }

    @Test
    void overlongOrHiddenTextIsRefusedWithItsFieldAndNothingIsLost() throws Exception {
        start();
        askToJoin();
        Api.Response longTerms = settings(fx.owner, "{\"terms\":" + Api.json("x".repeat(4001)) + "}");
        refused(longTerms, 400, "invalid_input");
        assertThat(longTerms.json().get("field").asText()).isEqualTo("terms");
        Api.Response bidi = settings(fx.owner, "{\"terms\":\"ok \\u202e reversed\"}");
        assertThat(bidi.status()).isEqualTo(400);
        assertThat(bidi.json().get("field").asText()).isEqualTo("terms");
        refused(settings(fx.owner, "{\"ask_to_join\":\"yes\"}"), 400, "invalid_input");
        refused(settings(fx.owner, "{\"terms\":null}"), 400, "invalid_input");
        JsonNode kept = ok(api.as(fx.owner, "GET", relay("/join-settings"), null));
        assertThat(kept.get("terms").asText()).isEqualTo(TERMS);
        assertThat(kept.get("ask_to_join").asBoolean()).isTrue();

        Keys stranger = Keys.generate();
        Api.Response longMessage = request(stranger, "{\"message\":" + Api.json("y".repeat(501)) + "}");
        refused(longMessage, 400, "invalid_input");
        assertThat(longMessage.json().get("field").asText()).isEqualTo("message");
        Api.Response control = request(stranger, "{\"message\":\"hi\\u0007\"}");
        assertThat(control.json().get("field").asText()).isEqualTo("message");
        assertThat(mine(stranger)).isEqualTo("none");
        // exactly at the bounds is fine
        ok(settings(fx.owner, "{\"terms\":" + Api.json("t".repeat(4000)) + "}"));
        assertThat(request(stranger, "{\"message\":" + Api.json("m".repeat(500)) + "}")
                        .status())
                .isEqualTo(201);
    }

    /**
     * What Caravel can observe of a NIP-43 join sent from a Nostr app without a valid claim to an "ask to join" relay:
     * nothing. zooid (and the emulator, which copies it) refuses the kind 28934 in its event policy ("invalid: no claim
     * tag", "invalid: failed to validate invite code"), so it is neither stored nor broadcast, and the relay key's
     * subscription never hears it: no request can be filed from it (docs/join-requests.md says why a published claim
     * is not the way round it). A join with a real invite still admits, as the owner meant by inviting.
     */
    @Test
    void aNip43JoinWithoutAValidClaimIsRefusedByTheRelayAndNeverSeenByCaravel() throws Exception {
        start();
        askToJoin();
        Keys app = Keys.generate();
        Member m = new Member(app, fx.relayUrl);
        JsonNode noClaim = m.publish(28934, List.of(), "");
        assertThat(noClaim.get("ok").asBoolean()).isFalse();
        assertThat(noClaim.get("message").asText()).isEqualTo("invalid: no claim tag");
        JsonNode badClaim = m.join("NOTACODE");
        assertThat(badClaim.get("ok").asBoolean()).isFalse();
        assertThat(badClaim.get("message").asText()).isEqualTo("invalid: failed to validate invite code");
        fx.backend.awaitJobsSettled();
        assertThat(memberOnRelay(app)).isFalse();
        assertThat(ok(api.as(fx.owner, "GET", relay("/join-requests"), null))
                        .get("items")
                        .size())
                .isZero();
        assertThat(mine(app)).isEqualTo("none");
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
