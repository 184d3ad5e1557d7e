package caravel.erasure;

import static caravel.testing.Erasing.postsOf;
import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.domain.Actor;
import caravel.domain.RelayRole;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import caravel.nostr.RelayClient;
import caravel.nostr.Schnorr;
import caravel.store.Relay;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.CommunityFixture;
import caravel.testing.Erasing;
import caravel.testing.FreeRelays;
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
 * Erasure on the zooid emulator, checked as people see it: members read the relay with nostr-tools (a Nostr client),
 * the owner acts through Caravel's API. One backend and zooid for the class: relay "square" (the fixture's, watched)
 * and relay "market" of another owner, each test with its own people.
 */
@Tag("peer")
@BothDatabases
class ErasureTest {
    @TempDir
    static Path dir;

    static CommunityFixture fx;
    static Api api;
    static Keys otherOwner = Keys.generate();
    static String market, marketUrl;

    @BeforeAll
    static void start() throws Exception {
        fx = CommunityFixture.start(dir, "Square", "square");
        api = fx.api;
        fx.watched();
        market = FreeRelays.create(api, otherOwner, "Market", "market");
        marketUrl = fx.relayUrl.replace("square.", "market.");
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) fx.close();
        Member.shutdown();
    }

    static Api.Response owner(String method, String path, String body) {
        return api.as(fx.owner, method, "/relays/" + fx.relayId + path, body);
    }

    /** A new member of relay {@code id} (owned by {@code by}), who has posted {@code posts} notes; their ids. */
    static List<String> memberWithPosts(Keys by, String id, String url, Member m, int posts) {
        String claim = api.as(by, "GET", "/relays/" + id + "/invite", null)
                .json()
                .get("claim")
                .asText();
        assertThat(m.join(claim).get("ok").asBoolean()).as("joins").isTrue();
        return Erasing.post(m, posts);
    }

    static JsonNode erasureDone(Keys by, String relayId, String pubkey) {
        return Erasing.erasureDone(api, by, relayId, pubkey);
    }

    static Event vanish(Keys who, long at, String... relays) {
        return who.sign(
                at,
                62,
                java.util.Arrays.stream(relays).map(r -> List.of("relay", r)).toList(),
                "please forget me");
    }

    static Api.Response sendVanish(Event e) {
        return api.send("POST", "/vanish", e.toJsonString(), null);
    }

    @Test
    void theOwnerErasesAMemberAndTheirPostsAreGoneFromTheRelay() throws Exception {
        Member alice = new Member(Keys.generate(), fx.relayUrl), bob = new Member(Keys.generate(), fx.relayUrl);
        List<String> posts = memberWithPosts(fx.owner, fx.relayId, fx.relayUrl, alice, 3);
        memberWithPosts(fx.owner, fx.relayId, fx.relayUrl, bob, 1);
        assertThat(postsOf(bob, alice.pubkey())).containsAll(posts);
        Event old = Event.fromJson(alice.query(true, "{\"ids\":[\"" + posts.get(0) + "\"]}")
                .get("events")
                .get(0));
        // she holds a name here, and insight counts her among the posters
        Api.Response named =
                owner("PUT", "/names/alice" + System.nanoTime() % 1000, "{\"pubkey\":\"" + alice.pubkey() + "\"}");
        assertThat(named.status()).as(named.body()).isEqualTo(200);
        Wait.until(
                "insight counts alice",
                Duration.ofSeconds(20),
                () -> owner("GET", "/insight", null).body(),
                body -> body.contains(alice.pubkey()));

        // not confirmed (the wrong npub typed): refused, nothing changes
        Api.Response wrong =
                owner("POST", "/members/" + alice.pubkey() + "/erase", "{\"confirm\":\"" + bob.keys.npub() + "\"}");
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(400);
        assertThat(wrong.json().get("code").asText()).isEqualTo("erase_not_confirmed");
        assertThat(postsOf(bob, alice.pubkey())).containsAll(posts);

        // the owner cannot erase themselves from their own relay
        Api.Response self =
                owner("POST", "/members/" + fx.owner.pubkey() + "/erase", "{\"confirm\":\"" + fx.owner.npub() + "\"}");
        assertThat(self.status()).as(self.body()).isEqualTo(409);
        assertThat(self.json().get("code").asText()).isEqualTo("owner_not_erasable");

        Api.Response erased =
                owner("POST", "/members/" + alice.pubkey() + "/erase", "{\"confirm\":\"" + alice.keys.npub() + "\"}");
        assertThat(erased.status()).as(erased.body()).isEqualTo(202);
        JsonNode done = erasureDone(fx.owner, fx.relayId, alice.pubkey());
        assertThat(done.toString()).contains("\"events_removed\":3");

        // a Nostr client sees none of her posts; she is no member; her old post is refused if published again
        assertThat(postsOf(bob, alice.pubkey())).isEmpty();
        assertThat(owner("GET", "/members", null).json().get("items").findValuesAsText("pubkey"))
                .doesNotContain(alice.pubkey());
        try (RelayClient c = new RelayClient(bob.keys, RelayClient.Options.defaults())) {
            var result = c.publish(old, List.of(fx.relayUrl))
                    .join()
                    .values()
                    .iterator()
                    .next();
            assertThat(result.ok())
                    .as("the erased post published again by someone else")
                    .isFalse();
        }
        // her name and her insight entries are gone
        assertThat(owner("GET", "/names", null).body()).doesNotContain(alice.pubkey());
        assertThat(owner("GET", "/insight", null).body()).doesNotContain(alice.pubkey());
        // logged, and she is told what older backups hold
        assertThat(owner("GET", "/activity", null).body()).contains("erasure_done");
        Wait.until(
                "alice's DM",
                Duration.ofSeconds(20),
                () -> fx.dmsTo(alice.keys),
                dms -> dms.stream()
                        .anyMatch(d ->
                                d.contains("erased you") && d.contains("No backup of the relay was taken before now")));
        // her membership's end is not announced to webhooks, neither Caravel's own nor the relay's echo (8001), which
        // the watch has handled once the member list that follows it leaves her out
        Wait.until(
                "the mirror no longer lists alice",
                Duration.ofSeconds(15),
                () -> new caravel.names.RelayMemberStore(
                                Inside.of(fx.backend.app).db().jdbi())
                        .isMember(fx.relayId, alice.pubkey()),
                b -> !b);
        assertThat(toldLeaving(alice.keys))
                .as("member.left naming alice, written for webhooks")
                .isZero();
    }

    /** The relay's webhook events telling that {@code who} left, other than the erasure's record that none is told. */
    static int toldLeaving(Keys who) {
        return Inside.of(fx.backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.select(
                                "SELECT count(*) FROM webhook_outbox WHERE relay_id = ? AND kind = 'member.left'"
                                        + " AND (data LIKE ? OR data LIKE ?) AND data NOT LIKE ?",
                                fx.relayId,
                                "%" + who.pubkey() + "%",
                                "%" + caravel.nostr.Nip19.shortNpub(who.pubkey()) + "%",
                                "%\"erased\":true%")
                        .mapTo(Integer.class)
                        .one());
    }

    @Test
    void aRequestToVanishSignedBySomeoneElseIsRefusedAndChangesNothing() throws Exception {
        Member carol = new Member(Keys.generate(), fx.relayUrl), reader = new Member(Keys.generate(), fx.relayUrl);
        List<String> posts = memberWithPosts(fx.owner, fx.relayId, fx.relayUrl, carol, 2);
        memberWithPosts(fx.owner, fx.relayId, fx.relayUrl, reader, 0);
        Keys mallory = Keys.generate();
        long now = fx.clock.seconds();

        // mallory writes carol's key into the request and signs it with her own
        List<List<String>> tags = List.of(List.of("relay", fx.relayUrl));
        String content = "forget carol";
        byte[] id = Event.computeId(carol.pubkey(), now, 62, tags, content);
        String sig = Hex.encode(Schnorr.sign(id, mallory.secret()));
        Event forged = new Event(Hex.encode(id), carol.pubkey(), now, 62, tags, content, sig);
        Api.Response r = sendVanish(forged);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("vanish_signature");

        // mallory's own valid request vanishes mallory, never carol
        Api.Response own = sendVanish(vanish(mallory, now, fx.relayUrl));
        assertThat(own.status()).as(own.body()).isEqualTo(202);
        // a request naming another relay, and one that is no kind 62, are refused
        Api.Response elsewhere = sendVanish(vanish(carol.keys, now, "wss://relay.example.com"));
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.json().get("code").asText()).isEqualTo("vanish_other_relay");
        Api.Response stale = sendVanish(vanish(carol.keys, now - 3600, fx.relayUrl));
        assertThat(stale.json().get("code").asText()).isEqualTo("vanish_stale");
        Api.Response kind1 = sendVanish(carol.keys.sign(now, 1, List.of(List.of("relay", fx.relayUrl)), ""));
        assertThat(kind1.json().get("code").asText()).isEqualTo("vanish_kind");

        Wait.until("mallory's erasure done", Duration.ofSeconds(30), () -> {
            erasureDone(fx.owner, fx.relayId, mallory.pubkey());
            return true;
        });
        assertThat(postsOf(reader, carol.pubkey())).containsAll(posts);
        assertThat(owner("GET", "/members", null).json().get("items").findValuesAsText("pubkey"))
                .contains(carol.pubkey());
    }

    @Test
    void aRequestHeardOnOneRelayNamingAllRelaysErasesOnTheOtherToo() throws Exception {
        Member dan = new Member(Keys.generate(), fx.relayUrl);
        Member reader = new Member(Keys.generate(), fx.relayUrl);
        memberWithPosts(fx.owner, fx.relayId, fx.relayUrl, dan, 1);
        memberWithPosts(fx.owner, fx.relayId, fx.relayUrl, reader, 0);
        Member danThere = new Member(dan.keys, marketUrl);
        Member marketReader = new Member(Keys.generate(), marketUrl);
        List<String> there = memberWithPosts(otherOwner, market, marketUrl, danThere, 2);
        memberWithPosts(otherOwner, market, marketUrl, marketReader, 0);
        // the market knows dan as a member (its member list heard)
        Wait.until(
                "market lists dan",
                Duration.ofSeconds(15),
                () -> api.as(otherOwner, "GET", "/relays/" + market + "/members", null)
                        .json()
                        .get("items")
                        .findValuesAsText("pubkey"),
                l -> l.contains(dan.pubkey()));
        Wait.until(
                "the mirror holds dan on the market",
                Duration.ofSeconds(15),
                () -> new caravel.names.RelayMemberStore(
                                Inside.of(fx.backend.app).db().jdbi())
                        .isMember(market, dan.pubkey()),
                b -> b);

        // dan publishes his request on the square
        JsonNode published = dan.publish(62, List.of(List.of("relay", "ALL_RELAYS")), "");
        assertThat(published.get("ok").asBoolean()).as(published.toString()).isTrue();

        erasureDone(fx.owner, fx.relayId, dan.pubkey());
        erasureDone(otherOwner, market, dan.pubkey());
        assertThat(postsOf(reader, dan.pubkey())).isEmpty();
        assertThat(postsOf(marketReader, dan.pubkey()))
                .doesNotContainAnyElementsOf(there)
                .isEmpty();

        // the same request again changes nothing
        Event request = Event.fromJson(published.get("event"));
        Api.Response again = sendVanish(request);
        if (again.status() == 202)
            assertThat(again.json().get("erasures").findValuesAsText("already_requested"))
                    .containsOnly("true");
        else assertThat(again.json().get("code").asText()).isEqualTo("vanish_stale");
    }

    @Test
    void onlyTheOwnerOrAnAdminErasesAndNeverOnSomeoneElsesRelay() throws Exception {
        Member erin = new Member(Keys.generate(), fx.relayUrl), reader = new Member(Keys.generate(), fx.relayUrl);
        List<String> posts = memberWithPosts(fx.owner, fx.relayId, fx.relayUrl, erin, 1);
        memberWithPosts(fx.owner, fx.relayId, fx.relayUrl, reader, 0);
        Keys mod = Keys.generate(), admin = Keys.generate(), admin2 = Keys.generate();
        Relay square = Inside.of(fx.backend.app).relayStore().find(fx.relayId).orElseThrow();
        var team = Inside.of(fx.backend.app).team();
        team.add(square, RelayRole.OWNER, Actor.person(fx.owner.pubkey()), mod.pubkey(), "moderator");
        team.add(square, RelayRole.OWNER, Actor.person(fx.owner.pubkey()), admin.pubkey(), "admin");
        team.add(square, RelayRole.OWNER, Actor.person(fx.owner.pubkey()), admin2.pubkey(), "admin");
        String body = "{\"confirm\":\"" + erin.keys.npub() + "\"}";

        Api.Response byMod =
                api.as(mod, "POST", "/relays/" + fx.relayId + "/members/" + erin.pubkey() + "/erase", body);
        assertThat(byMod.status()).as(byMod.body()).isEqualTo(403);
        assertThat(byMod.json().get("code").asText()).isEqualTo("role_forbidden");
        Api.Response byStranger =
                api.as(otherOwner, "POST", "/relays/" + fx.relayId + "/members/" + erin.pubkey() + "/erase", body);
        assertThat(byStranger.status()).as(byStranger.body()).isEqualTo(404);
        Api.Response adminOnAdmin = api.as(
                admin,
                "POST",
                "/relays/" + fx.relayId + "/members/" + admin2.pubkey() + "/erase",
                Api.json(Map.of("confirm", admin2.npub())));
        assertThat(adminOnAdmin.status()).as(adminOnAdmin.body()).isEqualTo(403);
        assertThat(postsOf(reader, erin.pubkey())).containsAll(posts);

        Api.Response byAdmin =
                api.as(admin, "POST", "/relays/" + fx.relayId + "/members/" + erin.pubkey() + "/erase", body);
        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(202);
        erasureDone(fx.owner, fx.relayId, erin.pubkey());
        assertThat(postsOf(reader, erin.pubkey())).isEmpty();
    }

    @Test
    void aRequestToVanishFromAllRelaysReachesARelayTheyLeftBefore() throws Exception {
        Member frank = new Member(Keys.generate(), fx.relayUrl);
        memberWithPosts(fx.owner, fx.relayId, fx.relayUrl, frank, 1);
        Member frankThere = new Member(frank.keys, marketUrl);
        Member marketReader = new Member(Keys.generate(), marketUrl);
        List<String> there = memberWithPosts(otherOwner, market, marketUrl, frankThere, 2);
        memberWithPosts(otherOwner, market, marketUrl, marketReader, 0);
        var mirror = new caravel.names.RelayMemberStore(
                Inside.of(fx.backend.app).db().jdbi());
        Wait.until(
                "the mirror holds frank on the market",
                Duration.ofSeconds(15),
                () -> mirror.isMember(market, frank.pubkey()),
                b -> b);

        // the market's owner removes him: he is no member there any more, but his posts stay on it
        Api.Response removed = api.as(otherOwner, "DELETE", "/relays/" + market + "/members/" + frank.pubkey(), null);
        assertThat(removed.status()).as(removed.body()).isLessThan(300);
        Wait.until(
                "the mirror no longer holds frank on the market",
                Duration.ofSeconds(15),
                () -> mirror.isMember(market, frank.pubkey()),
                b -> !b);
        assertThat(postsOf(marketReader, frank.pubkey())).containsAll(there);

        // his request to every relay, sent to the API: the market is reached too
        Api.Response sent = sendVanish(vanish(frank.keys, fx.clock.seconds(), "ALL_RELAYS"));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        assertThat(sent.json().get("erasures").findValuesAsText("relay_id")).contains(fx.relayId, market);
        erasureDone(otherOwner, market, frank.pubkey());
        assertThat(postsOf(marketReader, frank.pubkey())).isEmpty();
        // and the record that he was ever a member there went with his erasure
        assertThat(mirror.relaysEverOf(frank.pubkey(), 10)).doesNotContain(market);
    }
}
