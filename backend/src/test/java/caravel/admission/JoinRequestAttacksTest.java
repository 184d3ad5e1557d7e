package caravel.admission;

import static caravel.admission.TownAdmission.ok;
import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * "Ask to join" against people who should not get in: a request is the signed-in key's own, another account cannot
 * see or decide the relay's requests, approval admits through the member add (so a ban or a full relay refuses it
 * and the request keeps waiting), two approvals at once admit once, and a priced relay's approval admits nobody
 * without payment. Run for real against the zooid emulator.
 */
@Tag("peer")
@BothDatabases
class JoinRequestAttacksTest extends AskToJoinCase {
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

        // a suspended account's owner changes no join settings (as no other setting of the relay)
        assertThat(api.as(fx.backend.admin, "PUT", "/tenants/" + fx.owner.pubkey(), "{\"status\":\"suspended\"}")
                        .status())
                .isEqualTo(200);
        assertThat(settings(fx.owner, "{\"ask_to_join\":false}").status()).isEqualTo(403);
        assertThat(ok(api.as(fx.owner, "GET", relay("/join-settings"), null))
                        .get("ask_to_join")
                        .asBoolean())
                .isTrue();
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
}
