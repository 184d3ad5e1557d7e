package caravel.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import caravel.testing.Wait;
import caravel.testing.WebhookReceiver;
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
 * Webhooks as an owner uses them and as an attacker tries them: a member's join arrives signed at the stack's receiver
 * (which checks it with its own implementation of the documented scheme), a redirecting URL is refused and a redirect
 * later is logged, not followed; the secret is shown once; a moderator and a stranger cannot register one.
 */
@Tag("peer")
@BothDatabases
class WebhooksApiTest {
    @TempDir
    static Path dir;

    static CommunityFixture f;
    static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        f = CommunityFixture.start(dir, CommunityFixture.Options.defaults().withoutDms(), "Hooks", "hooks");
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() throws Exception {
        if (receiver != null) receiver.close();
        if (f != null) f.close();
        Member.shutdown();
    }

    static Api.Response create(Keys as, String relay, String url, List<String> events) {
        return f.api.as(as, "POST", "/relays/" + relay + "/webhooks", Api.json(Map.of("url", url, "events", events)));
    }

    /** The first delivery {@code hook} received that {@code which} accepts, waiting for it. */
    static JsonNode arrived(String hook, java.util.function.Predicate<JsonNode> which) {
        JsonNode all = Wait.until(
                "a delivery to " + hook,
                Duration.ofSeconds(10),
                () -> receiver.received(hook, 1),
                r -> first(r, which) != null);
        return first(all, which);
    }

    static JsonNode first(JsonNode deliveries, java.util.function.Predicate<JsonNode> which) {
        for (JsonNode d : deliveries) if (which.test(d)) return d;
        return null;
    }

    /** The delivery in an endpoint's log whose body names {@code npub}. */
    static JsonNode itemAbout(JsonNode log, String npub) {
        return first(log.path("items"), i -> i.path("body").asText().contains(npub));
    }

    @Test
    void aMembersJoinArrivesSignedAndIsLoggedWithItsAnswer() {
        Api.Response made = create(f.owner, f.relayId, receiver.hook("owner"), List.of("member.joined", "member.left"));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String secret = made.json().path("secret").asText();
        String id = made.json().path("webhook").path("id").asText();
        assertThat(secret).startsWith("whsec_");
        // the ping came before the receiver knew the secret (as a receiver being set up): it is now told the secret
        assertThat(receiver.received("owner", 1).get(0).path("type").asText()).isEqualTo("ping");
        receiver.secret("owner", secret);

        Keys member = Keys.generate();
        long before = System.currentTimeMillis();
        Api.Response added = f.api.as(
                f.owner, "POST", "/relays/" + f.relayId + "/members", Api.json(Map.of("pubkey", member.pubkey())));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        // the relay is the class's: another test's change heard late may reach this endpoint too, so this member's own
        String npub = caravel.nostr.Nip19.shortNpub(member.pubkey());
        JsonNode joined = arrived(
                "owner",
                d -> d.path("type").asText().equals("member.joined")
                        && d.path("body").asText().contains(npub));
        assertThat(joined.path("verified").asBoolean()).as(joined.toString()).isTrue();
        assertThat(joined.path("type").asText()).isEqualTo("member.joined");
        assertThat(joined.path("body").asText()).contains(f.relayId).contains("member_added");
        System.out.println("webhook: member's join arrived "
                + (joined.path("received_at_ms").asLong() - before) + " ms after the add was asked");

        // the log: delivered, the receiver's answer kept; the secret nowhere but in the creation's answer
        JsonNode log = Wait.until(
                "the delivery logged",
                Duration.ofSeconds(10),
                () -> f.api.as(f.owner, "GET", "/relays/" + f.relayId + "/webhooks/" + id + "/deliveries", null)
                        .json(),
                j -> itemAbout(j, npub) != null
                        && itemAbout(j, npub).path("status").asText().equals("delivered"));
        JsonNode item = itemAbout(log, npub);
        JsonNode attempt = item.path("log").get(0);
        assertThat(attempt.path("status_code").asInt()).isEqualTo(200);
        assertThat(attempt.path("excerpt").asText()).contains("received");
        Api.Response listed = f.api.as(f.owner, "GET", "/relays/" + f.relayId + "/webhooks", null);
        assertThat(listed.body()).contains(id).doesNotContain(secret);
        assertThat(log.toString()).doesNotContain(secret);

        // a hand replay: the same delivery id again, answered as a duplicate by the receiver, logged as a replay
        String delivery = item.path("id").asText();
        Api.Response replayed = f.api.as(
                f.owner,
                "POST",
                "/relays/" + f.relayId + "/webhooks/" + id + "/deliveries/" + delivery + "/replay",
                null);
        assertThat(replayed.status()).as(replayed.body()).isEqualTo(202);
        JsonNode again = arrived(
                "owner",
                d -> d.path("id").asText().equals(delivery)
                        && d.path("duplicate").asBoolean());
        assertThat(again.path("verified").asBoolean()).isTrue();
        assertThat(again.path("duplicate").asBoolean()).isTrue();

        // a rotated secret: the old one no longer verifies what is sent
        Api.Response rotated = f.api.as(f.owner, "POST", "/relays/" + f.relayId + "/webhooks/" + id + "/rotate", null);
        assertThat(rotated.json().path("secret").asText()).startsWith("whsec_").isNotEqualTo(secret);
        f.api.as(f.owner, "DELETE", "/relays/" + f.relayId + "/members/" + member.pubkey(), null);
        JsonNode left = arrived(
                "owner",
                d -> d.path("type").asText().equals("member.left")
                        && d.path("body").asText().contains(npub));
        assertThat(left.path("refused").asText()).isEqualTo("signature does not match");

        assertThat(f.api.as(f.owner, "DELETE", "/relays/" + f.relayId + "/webhooks/" + id, null)
                        .status())
                .isEqualTo(204);
    }

    /**
     * Every membership change the relay records arrives once: a join by invite on the relay itself (zooid admits them,
     * Caravel only hears the relay's 8000), a member added through Caravel's API (its activity line and the relay's
     * echo of it are one event) and a removal made on the relay (its 8001).
     */
    @Test
    void membershipChangesHeardFromTheRelayArriveOnceEach() throws Exception {
        f.watched();
        Api.Response made = create(f.owner, f.relayId, receiver.hook("heard"), List.of("member.joined", "member.left"));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(receiver.received("heard", 1).get(0).path("type").asText()).isEqualTo("ping");
        receiver.secret("heard", made.json().path("secret").asText());
        String id = made.json().path("webhook").path("id").asText();

        String claim = f.api.as(f.owner, "GET", "/relays/" + f.relayId + "/invite", null)
                .json()
                .get("claim")
                .asText();
        Keys invited = Keys.generate();
        assertThat(new Member(invited, f.relayUrl).join(claim).get("ok").asBoolean())
                .as("joins by invite")
                .isTrue();
        JsonNode joined = receiver.received("heard", 2).get(1);
        assertThat(joined.path("verified").asBoolean()).as(joined.toString()).isTrue();
        assertThat(joined.path("type").asText()).isEqualTo("member.joined");
        assertThat(joined.path("body").asText()).contains(invited.pubkey()).contains("relay_member_added");

        Keys added = Keys.generate();
        Api.Response viaApi = f.api.as(
                f.owner, "POST", "/relays/" + f.relayId + "/members", Api.json(Map.of("pubkey", added.pubkey())));
        assertThat(viaApi.status()).as(viaApi.body()).isEqualTo(201);
        JsonNode addedJoin = receiver.received("heard", 3).get(2);
        assertThat(addedJoin.path("type").asText()).isEqualTo("member.joined");
        // Caravel's line, naming who acted, is the one told (the relay's echo, heard first or not, is not a second)
        assertThat(addedJoin.path("body").asText())
                .contains(caravel.nostr.Nip19.shortNpub(added.pubkey()))
                .contains("\"member_added\"")
                .contains(f.owner.pubkey());

        String schema = Inside.of(f.backend.app)
                .relayStore()
                .find(f.relayId)
                .orElseThrow()
                .schema();
        f.zooid().control("DELETE", "/_emulator/relays/" + schema + "/members/" + invited.pubkey(), null);
        JsonNode left = receiver.received("heard", 4).get(3);
        assertThat(left.path("type").asText()).isEqualTo("member.left");
        assertThat(left.path("body").asText()).contains(invited.pubkey()).contains("relay_member_removed");

        // the echo of the API's add was heard before the removal was, and would have come before it: three in all
        JsonNode log = f.api.as(f.owner, "GET", "/relays/" + f.relayId + "/webhooks/" + id + "/deliveries", null)
                .json();
        assertThat(log.path("items").size()).as(log.toString()).isEqualTo(3);
        assertThat(receiver.received("heard", 4).size()).isEqualTo(4);
    }

    /**
     * The attacker's view of a transfer: the previous owner's endpoint hears that the relay passed (its last event),
     * and nothing of the new owner's relay after it; the new owner never sees it nor its log, and it is gone once told.
     */
    @Test
    void aTransferIsTheLastEventThePreviousOwnersEndpointHears() throws Exception {
        String relay = caravel.testing.FreeRelays.create(f.api, f.owner, "Handed", "handed");
        Api.Response made = create(f.owner, relay, receiver.hook("old"), List.of("member.joined", "relay.transferred"));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String old = made.json().path("webhook").path("id").asText();
        receiver.secret("old", made.json().path("secret").asText());
        Api.Response quiet = create(f.owner, relay, receiver.hook("quiet"), List.of("member.joined"));
        String quietId = quiet.json().path("webhook").path("id").asText();

        Keys next = Keys.generate();
        Api.Response offered =
                f.api.as(f.owner, "POST", "/relays/" + relay + "/transfer", Api.json(Map.of("pubkey", next.pubkey())));
        assertThat(offered.status()).as(offered.body()).isBetween(200, 201);
        String offer = offered.json().path("id").asText();
        Api.Response accepted = f.api.as(next, "POST", "/transfers/" + offer + "/accept", null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);

        JsonNode told = receiver.received("old", 2).get(1);
        assertThat(told.path("type").asText()).isEqualTo("relay.transferred");
        assertThat(told.path("verified").asBoolean()).as(told.toString()).isTrue();
        assertThat(told.path("body").asText()).contains(relay).contains("ownership_taken");

        // the new owner sees none of the previous owner's endpoints, and cannot reach them by id
        assertThat(f.api.as(next, "GET", "/relays/" + relay + "/webhooks", null)
                        .json()
                        .path("items"))
                .isEmpty();
        for (String id : List.of(old, quietId))
            assertThat(f.api.as(next, "GET", "/relays/" + relay + "/webhooks/" + id + "/deliveries", null)
                            .status())
                    .isEqualTo(404);
        // the previous owner no longer manages the relay's webhooks at all
        assertThat(create(f.owner, relay, receiver.hook("again"), List.of("member.joined"))
                        .status())
                .isIn(403, 404);

        // the new owner's member: told to the new owner's own endpoint, never to the previous owner's
        Api.Response mine = create(next, relay, receiver.hook("next"), List.of("member.joined"));
        assertThat(mine.status()).as(mine.body()).isEqualTo(201);
        Keys member = Keys.generate();
        assertThat(f.api.as(next, "POST", "/relays/" + relay + "/members", Api.json(Map.of("pubkey", member.pubkey())))
                        .status())
                .isEqualTo(201);
        assertThat(receiver.received("next", 2).get(1).path("body").asText()).contains("member_added");
        assertThat(receiver.received("old", 0)).hasSize(2); // the ping and the transfer: nothing after
        assertThat(receiver.received("quiet", 0)).hasSize(1); // the ping only

        // told, the retired endpoint is gone with its log
        var store = new WebhookStore(Inside.of(f.backend.app).db().jdbi());
        Wait.until(
                "the retired endpoints removed",
                Duration.ofSeconds(10),
                () -> store.jdbi()
                        .withHandle(h -> store.endpoint(h, old).isEmpty()
                                && store.endpoint(h, quietId).isEmpty()),
                gone -> gone);
    }

    @Test
    void aUrlThatRedirectsIsRefusedAndChangesNothing() {
        receiver.answer("moved", 302, "http://169.254.169.254/latest/meta-data/");
        Api.Response refused = create(f.owner, f.relayId, receiver.hook("moved"), List.of("member.joined"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().path("code").asText()).isEqualTo("webhook_redirect");
        assertThat(refused.json().path("field").asText()).isEqualTo("url");
        assertThat(f.api.as(f.owner, "GET", "/relays/" + f.relayId + "/webhooks", null)
                        .body())
                .doesNotContain("/hooks/moved");
        receiver.answer("moved", 0, null);
    }

    @Test
    void aRedirectAfterRegistrationIsLoggedAndNotFollowed() {
        Api.Response made = create(f.owner, f.relayId, receiver.hook("later"), List.of("member.joined"));
        String id = made.json().path("webhook").path("id").asText();
        receiver.answer("later", 307, receiver.hook("elsewhere"));
        f.api.as(
                f.owner,
                "POST",
                "/relays/" + f.relayId + "/members",
                Api.json(Map.of("pubkey", Keys.generate().pubkey())));
        JsonNode log = Wait.until(
                "the redirect logged",
                Duration.ofSeconds(20),
                () -> f.api.as(f.owner, "GET", "/relays/" + f.relayId + "/webhooks/" + id + "/deliveries", null)
                        .json(),
                j -> j.path("items").size() == 1
                        && j.path("items").get(0).path("log").size() >= 1);
        JsonNode attempt = log.path("items").get(0).path("log").get(0);
        assertThat(attempt.path("status_code").asInt()).isEqualTo(307);
        assertThat(attempt.path("ok").asBoolean()).isFalse();
        assertThat(attempt.path("excerpt").asText()).contains("not followed");
        assertThat(receiver.received("elsewhere", 0)).isEmpty();
        f.api.as(f.owner, "DELETE", "/relays/" + f.relayId + "/webhooks/" + id, null);
        receiver.answer("later", 0, null);
    }

    @Test
    void aModeratorAndAStrangerCannotRegisterOne() {
        Keys mod = Keys.generate();
        Api.Response added = f.api.as(
                f.owner,
                "POST",
                "/relays/" + f.relayId + "/team",
                Api.json(Map.of("pubkey", mod.npub(), "role", "moderator")));
        assertThat(added.status()).as(added.body()).isBetween(200, 201);
        Api.Response byMod = create(mod, f.relayId, receiver.hook("mod"), List.of("member.joined"));
        assertThat(byMod.status()).as(byMod.body()).isEqualTo(403);
        Keys stranger = Keys.generate();
        Api.Response byStranger = create(stranger, f.relayId, receiver.hook("stranger"), List.of("member.joined"));
        assertThat(byStranger.status()).as(byStranger.body()).isEqualTo(404);
        // nor on the platform's: operators only
        Api.Response platform = f.api.as(
                f.owner,
                "POST",
                "/admin/webhooks",
                Api.json(Map.of("url", receiver.hook("platform"), "events", List.of("member.joined"))));
        assertThat(platform.status()).isEqualTo(403);
        assertThat(receiver.received("mod", 0)).isEmpty();
        assertThat(receiver.received("stranger", 0)).isEmpty();
    }

    @Test
    void anEndpointThatKeepsFailingIsPausedItsOwnerToldAndResumedByHand() throws Exception {
        Api.Response made = create(f.owner, f.relayId, receiver.hook("down"), List.of("member.joined"));
        String id = made.json().path("webhook").path("id").asText();
        receiver.answer("down", 500, null);
        f.api.as(
                f.owner,
                "POST",
                "/relays/" + f.relayId + "/members",
                Api.json(Map.of("pubkey", Keys.generate().pubkey())));
        JsonNode log = Wait.until(
                "the delivery made",
                Duration.ofSeconds(10),
                () -> f.api.as(f.owner, "GET", "/relays/" + f.relayId + "/webhooks/" + id + "/deliveries", null)
                        .json(),
                j -> j.path("items").size() == 1);
        String delivery = log.path("items").get(0).path("id").asText();
        // the same handler as the app's, pausing after 2 failures in a row however recent the first
        var app = Inside.of(f.backend.app);
        var store = new WebhookStore(app.db().jdbi());
        var deliveries = new WebhookDeliveries(
                store,
                new WebhookSender(caravel.net.OutboundPolicy.of(true), f.clock),
                app.box(),
                app.activity(),
                app.robot(),
                new WebhookDeliveries.Pausing(2, Duration.ZERO),
                f.clock);
        String payload = caravel.jobs.JobPayloads.write(new WebhookDeliveries.Payload(delivery, false));
        for (int i = 0; i < 2; i++) {
            try {
                deliveries.run(new caravel.jobs.Job(0, WebhookDeliveries.JOB, payload, 1, 8));
            } catch (IllegalStateException expected) {
                assertThat(expected.getMessage()).contains("answered 500");
            }
        }
        JsonNode listed = f.api.as(f.owner, "GET", "/relays/" + f.relayId + "/webhooks", null)
                .json();
        JsonNode down = null;
        for (JsonNode w : listed.path("items")) if (w.path("id").asText().equals(id)) down = w;
        assertThat(down).isNotNull();
        assertThat(down.path("paused").asBoolean()).isTrue();
        assertThat(f.api.as(f.owner, "GET", "/relays/" + f.relayId + "/activity", null)
                        .body())
                .contains("webhook_paused");
        Api.Response resumed = f.api.as(f.owner, "POST", "/relays/" + f.relayId + "/webhooks/" + id + "/resume", null);
        assertThat(resumed.json().path("paused").asBoolean()).isFalse();
        assertThat(resumed.json().path("failures").asInt()).isZero();
        receiver.answer("down", 0, null);
        f.api.as(f.owner, "DELETE", "/relays/" + f.relayId + "/webhooks/" + id, null);
    }

    @Test
    void unknownEventsAndBadUrlsAreRefusedWithTheirField() {
        Api.Response noEvent = create(f.owner, f.relayId, receiver.hook("x"), List.of("member.exploded"));
        assertThat(noEvent.status()).isEqualTo(400);
        assertThat(noEvent.json().path("field").asText()).isEqualTo("events");
        Api.Response notUrl = create(f.owner, f.relayId, "not a url", List.of("member.joined"));
        assertThat(notUrl.status()).isEqualTo(400);
        assertThat(notUrl.json().path("field").asText()).isEqualTo("url");
        Api.Response withCredentials =
                create(f.owner, f.relayId, "http://user:pw@127.0.0.1:9/hook", List.of("member.joined"));
        assertThat(withCredentials.json().path("code").asText()).isEqualTo("webhook_url_invalid");
    }
}
