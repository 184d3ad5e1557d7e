package caravel.names;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.domain.Actor;
import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.relayaccess.SystemEvents;
import caravel.store.Relay;
import caravel.testing.AcceptingZooid;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.watch.MembershipWatcherTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules around names that need no relay to talk to (zooid's API takes every config; the member mirror is fed the
 * relay's member lists directly): which host nostr.json answers for, forged hosts, plan gating, CORS, and which member
 * lists the mirror believes.
 */
@BothDatabases
class RelayNamesRulesTest {
    @TempDir
    Path dir;

    /** "free" gives names, "plain" does not. */
    static final String PLANS = "[{\"id\":\"free\",\"name\":\"Free\",\"price\":0,\"members\":10},"
            + "{\"id\":\"plain\",\"name\":\"Plain\",\"price\":0,\"members\":10,\"names\":false}]";

    final Keys ownerA = Keys.generate(), ownerB = Keys.generate(), alice = Keys.generate();

    TestBackend start(Consumer<Map<String, String>> more) {
        return new TestBackend(
                dir,
                env -> {
                    env.put("PLANS", PLANS);
                    more.accept(env);
                },
                AcceptingZooid.options(),
                new MutableClock());
    }

    static String create(TestBackend b, Keys owner, String sub, String plan) {
        Api.Response r = b.api.as(
                owner,
                "POST",
                "/relays",
                "{\"name\":\"" + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"" + plan + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().at("/relay/id").asText();
        MembershipWatcherTest.awaitServed(b, List.of(id));
        return id;
    }

    /** The relay's key writes a member list with these members, as zooid does after each join and leave. */
    static void memberList(TestBackend b, String relayId, long createdAt, String... members) {
        Relay r = Inside.of(b.app).relayStore().find(relayId).orElseThrow();
        memberListSignedBy(b, Inside.of(b.app).community().access.target(r).keys(), relayId, createdAt, members);
    }

    static void memberListSignedBy(TestBackend b, Keys key, String relayId, long createdAt, String... members) {
        List<List<String>> tags = new ArrayList<>();
        tags.add(List.of("-"));
        for (String m : members) tags.add(List.of("member", m));
        Inside.of(b.app)
                .community()
                .names
                .memberList(relayId, Event.sign(key, createdAt, SystemEvents.MEMBER_LIST, tags, ""));
    }

    static Api.Response claim(TestBackend b, Keys as, String relayId, String name) {
        return b.api.as(as, "PUT", "/me/memberships/" + relayId + "/name", "{\"name\":\"" + name + "\"}");
    }

    @Test
    void nostrJsonAnswersOnlyAtAServedRelaysOwnHostAndBelievesNoForgedHeader() {
        try (TestBackend b = start(env -> {})) {
            String alpha = create(b, ownerA, "alpha", "free");
            String beta = create(b, ownerB, "beta", "free");
            memberList(b, alpha, 100, ownerA.pubkey(), alice.pubkey());
            Api.Response claimed = claim(b, alice, alpha, "alice");
            assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
            assertThat(claimed.json().get("nip05").asText()).isEqualTo("alice@alpha.relays.test");

            NamesHttp.Reply ok = NamesHttp.get(b.api, "alpha.relays.test", null, "alice");
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(ok.header("Content-Type")).startsWith("application/json");
            assertThat(ok.json().at("/names/alice").asText()).isEqualTo(alice.pubkey());
            assertThat(ok.json().at("/relays/" + alice.pubkey() + "/0").asText())
                    .isEqualTo("wss://alpha.relays.test");
            // DNS names are case-insensitive, and a port says nothing about which relay
            assertThat(NamesHttp.get(b.api, "ALPHA.Relays.Test:443", null, "alice")
                            .json()
                            .at("/names/alice")
                            .asText())
                    .isEqualTo(alice.pubkey());

            // another relay's host does not answer for alpha's names
            NamesHttp.Reply other = NamesHttp.get(b.api, "beta.relays.test", null, "alice");
            assertThat(other.status()).isEqualTo(200);
            assertThat(other.json().get("names").size()).isZero();
            assertThat(other.json().get("relays").size()).isZero();

            // a forged X-Forwarded-Host is not believed without TRUST_PROXY: the Host decides
            NamesHttp.Reply forged = NamesHttp.get(b.api, "beta.relays.test", "alpha.relays.test", "alice");
            assertThat(forged.json().get("names").size()).isZero();

            // hosts that are no served relay's: 404 JSON, still readable by any page
            for (String host : new String[] {
                "evil.test",
                "relays.test",
                "x.alpha.relays.test",
                "alpha.relays.test.evil.test",
                "alpha-relays.test",
                "127.0.0.1",
                "nosuch.relays.test"
            }) {
                NamesHttp.Reply r = NamesHttp.get(b.api, host, null, "alice");
                assertThat(r.status()).as(host).isEqualTo(404);
                assertThat(r.header("Access-Control-Allow-Origin")).as(host).isEqualTo("*");
                assertThat(r.json().get("code").asText()).as(host).isEqualTo("not_found");
            }

            // CORS: any page may read it, preflight included
            NamesHttp.Reply fromPage = NamesHttp.send(
                    b.api,
                    "GET",
                    "/.well-known/nostr.json?name=alice",
                    "alpha.relays.test",
                    null,
                    Map.of("Origin", "https://someones-client.example"));
            assertThat(fromPage.header("Access-Control-Allow-Origin")).isEqualTo("*");
            NamesHttp.Reply preflight = NamesHttp.send(
                    b.api,
                    "OPTIONS",
                    "/.well-known/nostr.json?name=alice",
                    "alpha.relays.test",
                    null,
                    Map.of(
                            "Origin", "https://someones-client.example",
                            "Access-Control-Request-Method", "GET"));
            assertThat(preflight.status()).isBetween(200, 204);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");

            // a relay taken out of service answers no names
            assertThat(b.api.as(ownerA, "POST", "/relays/" + alpha + "/deactivate", null)
                            .status())
                    .isEqualTo(200);
            assertThat(NamesHttp.get(b.api, "alpha.relays.test", null, "alice").status())
                    .isEqualTo(404);
            assertThat(beta).isNotEmpty();
        }
    }

    @Test
    void behindTheTrustedProxyTheForwardedHostNamesTheRelay() {
        try (TestBackend b = start(env -> env.put("TRUST_PROXY", "true"))) {
            String alpha = create(b, ownerA, "alpha", "free");
            create(b, ownerB, "beta", "free");
            memberList(b, alpha, 100, alice.pubkey());
            assertThat(claim(b, alice, alpha, "alice").status()).isEqualTo(200);
            // the custom-domain site rewrites Host to the canonical one; X-Forwarded-Host keeps what was asked
            NamesHttp.Reply viaProxy = NamesHttp.get(b.api, "beta.relays.test", "alpha.relays.test", "alice");
            assertThat(viaProxy.json().at("/names/alice").asText()).isEqualTo(alice.pubkey());
            assertThat(NamesHttp.get(b.api, "alpha.relays.test", "evil.test", "alice")
                            .status())
                    .isEqualTo(404);
            // without the header the Host decides
            assertThat(NamesHttp.get(b.api, "alpha.relays.test", null, "alice")
                            .json()
                            .at("/names/alice")
                            .asText())
                    .isEqualTo(alice.pubkey());
        }
    }

    @Test
    void aPlanWithoutNamesGivesNoneAndServesNone() {
        try (TestBackend b = start(env -> {})) {
            String plain = create(b, ownerA, "plain", "plain");
            memberList(b, plain, 100, ownerA.pubkey(), alice.pubkey());
            Api.Response byOwner = b.api.as(
                    ownerA, "PUT", "/relays/" + plain + "/names/alice", "{\"pubkey\":\"" + alice.pubkey() + "\"}");
            assertThat(byOwner.status()).as(byOwner.body()).isEqualTo(403);
            assertThat(byOwner.json().get("code").asText()).isEqualTo("not_in_plan");
            Api.Response byMember = claim(b, alice, plain, "alice");
            assertThat(byMember.status()).as(byMember.body()).isEqualTo(403);
            assertThat(byMember.json().get("code").asText()).isEqualTo("not_in_plan");
            Api.Response list = b.api.as(ownerA, "GET", "/relays/" + plain + "/names", null);
            assertThat(list.json().get("enabled").asBoolean()).isFalse();
            assertThat(list.json().get("items")).isEmpty();
            var mine = b.api.as(alice, "GET", "/me/memberships", null).json();
            assertThat(mine.at("/items/0/names_enabled").asBoolean()).isFalse();
        }
    }

    /** The operator turns names off for a plan: names given before are kept but served no more. */
    @Test
    void namesGivenBeforeThePlanLostThemAreServedNoMore() {
        String secret;
        String free;
        try (TestBackend b = start(env -> {})) {
            free = create(b, ownerB, "freely", "free");
            memberList(b, free, 100, alice.pubkey());
            assertThat(claim(b, alice, free, "alice").status()).isEqualTo(200);
            assertThat(NamesHttp.get(b.api, "freely.relays.test", null, "alice")
                            .json()
                            .at("/names/alice")
                            .asText())
                    .isEqualTo(alice.pubkey());
            secret = b.env.get("ENCRYPTION_SECRET");
        }
        try (TestBackend b = start(env -> {
            env.put("ENCRYPTION_SECRET", secret);
            env.put("PLANS", PLANS.replace("\"members\":10}", "\"members\":10,\"names\":false}"));
        })) {
            NamesHttp.Reply served = NamesHttp.get(b.api, "freely.relays.test", null, "alice");
            assertThat(served.status()).as(served.body()).isEqualTo(200);
            assertThat(served.json().get("names").size()).isZero();
            assertThat(b.api.as(ownerB, "GET", "/relays/" + free + "/names", null)
                            .json()
                            .get("enabled")
                            .asBoolean())
                    .isFalse();
        }
    }

    @Test
    void theMirrorBelievesOnlyTheRelaysOwnNewestListAndOnlyItsOwnerAndAdminsGiveNames() {
        try (TestBackend b = start(env -> {})) {
            String alpha = create(b, ownerA, "alpha", "free");
            String beta = create(b, ownerB, "beta", "free");
            RelayMemberStore mirror = new RelayMemberStore(Inside.of(b.app).db().jdbi());
            memberList(b, alpha, 100, alice.pubkey());
            assertThat(claim(b, alice, alpha, "alice").status()).isEqualTo(200);

            // another relay's key, or any other key, cannot speak for alpha's members
            Relay betaRow = Inside.of(b.app).relayStore().find(beta).orElseThrow();
            memberListSignedBy(
                    b, Inside.of(b.app).community().access.target(betaRow).keys(), alpha, 200);
            memberListSignedBy(b, Keys.generate(), alpha, 200);
            assertThat(mirror.isMember(alpha, alice.pubkey())).isTrue();
            // an older list than the one applied (a stored one read after a newer one arrived) changes nothing
            memberList(b, alpha, 50);
            assertThat(mirror.isMember(alpha, alice.pubkey())).isTrue();
            assertThat(NamesHttp.get(b.api, "alpha.relays.test", null, "alice")
                            .json()
                            .at("/names/alice")
                            .asText())
                    .isEqualTo(alice.pubkey());

            // the owner of another relay gets 404 for alpha; an administrator may act
            Api.Response foreign = b.api.as(
                    ownerB, "PUT", "/relays/" + alpha + "/names/bob", "{\"pubkey\":\"" + alice.pubkey() + "\"}");
            assertThat(foreign.status()).isEqualTo(404);
            Api.Response admin = b.api.as(
                    b.admin, "PUT", "/relays/" + alpha + "/names/ali", "{\"pubkey\":\"" + alice.pubkey() + "\"}");
            assertThat(admin.status()).as(admin.body()).isEqualTo(200);
            assertThat(NamesHttp.get(b.api, "alpha.relays.test", null, "alice")
                            .json()
                            .get("names")
                            .size())
                    .as("moved to the new name")
                    .isZero();

            // a newer list without her releases her name; the owner keeps theirs whatever a list says
            Api.Response root = b.api.as(
                    ownerA, "PUT", "/relays/" + alpha + "/names/_", "{\"pubkey\":\"" + ownerA.pubkey() + "\"}");
            assertThat(root.status()).as(root.body()).isEqualTo(200);
            memberList(b, alpha, 300);
            assertThat(mirror.isMember(alpha, alice.pubkey())).isFalse();
            assertThat(NamesHttp.get(b.api, "alpha.relays.test", null, "ali")
                            .json()
                            .get("names")
                            .size())
                    .isZero();
            assertThat(NamesHttp.get(b.api, "alpha.relays.test", null, "_")
                            .json()
                            .at("/names/_")
                            .asText())
                    .isEqualTo(ownerA.pubkey());
            assertThat(b.api.as(alice, "GET", "/me/memberships", null).json().get("items"))
                    .isEmpty();
        }
    }

    @Test
    void reservedNamesAreTheOwnersToGiveAndEachNameRecordsWhoGaveIt() {
        Keys moderator = Keys.generate(), teamAdmin = Keys.generate();
        try (TestBackend b = start(env -> {})) {
            String alpha = create(b, ownerA, "alpha", "free");
            // the team as its routes would make it (this test's zooid answers no NIP-86 call the add asks first)
            Inside.of(b.app).db().jdbi().useHandle(h -> {
                Inside.of(b.app)
                        .teamStore()
                        .add(
                                h,
                                alpha,
                                moderator.pubkey(),
                                caravel.domain.RelayRole.MODERATOR,
                                Actor.person(ownerA.pubkey()),
                                1);
                Inside.of(b.app)
                        .teamStore()
                        .add(
                                h,
                                alpha,
                                teamAdmin.pubkey(),
                                caravel.domain.RelayRole.ADMIN,
                                Actor.person(ownerA.pubkey()),
                                1);
            });
            memberList(b, alpha, 100, alice.pubkey(), moderator.pubkey(), teamAdmin.pubkey());

            // the relay's own name and the staff's names: a moderator or a team admin cannot give them, to themselves
            // or to anyone (R5-10)
            for (Keys giver : List.of(moderator, teamAdmin))
                for (String reserved : List.of("_", "admin", "owner", "mod-2")) {
                    Api.Response r = b.api.as(
                            giver,
                            "PUT",
                            "/relays/" + alpha + "/names/" + reserved,
                            "{\"pubkey\":\"" + giver.pubkey() + "\"}");
                    assertThat(r.status()).as(reserved + ": " + r.body()).isEqualTo(403);
                    assertThat(r.json().path("code").asText()).isEqualTo("role_forbidden");
                    assertThat(r.error()).contains("only the relay's owner gives it");
                }
            assertThat(NamesHttp.get(b.api, "alpha.relays.test", null, "_")
                            .json()
                            .get("names"))
                    .isEmpty();

            // an ordinary name a moderator gives records the moderator; the owner's reserved name records the owner
            Api.Response given = b.api.as(
                    moderator, "PUT", "/relays/" + alpha + "/names/alice", "{\"pubkey\":\"" + alice.pubkey() + "\"}");
            assertThat(given.status()).as(given.body()).isEqualTo(200);
            assertThat(given.json().path("assigned_by").asText()).isEqualTo("moderator");
            Api.Response root = b.api.as(
                    ownerA, "PUT", "/relays/" + alpha + "/names/_", "{\"pubkey\":\"" + ownerA.pubkey() + "\"}");
            assertThat(root.status()).as(root.body()).isEqualTo(200);
            assertThat(root.json().path("assigned_by").asText()).isEqualTo("owner");
            Api.Response byAdmin = b.api.as(
                    teamAdmin,
                    "PUT",
                    "/relays/" + alpha + "/names/mods-friend",
                    "{\"pubkey\":\"" + moderator.pubkey() + "\"}");
            assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(200);
            assertThat(byAdmin.json().path("assigned_by").asText()).isEqualTo("admin");
        }
    }
}
