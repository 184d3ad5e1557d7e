package caravel.names;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NIP-05 names on a relay the zooid emulator serves: the member mirror follows the relay's own member list (kind
 * 13534), names are given and claimed only by members, resolve at the relay's host through nostr.json, and go when
 * their holder leaves, is removed or is banned.
 */
@Tag("peer")
class RelayNamesFlowTest {
    @TempDir
    Path dir;

    CommunityFixture fx;
    Api api;
    Keys owner;
    String relayId, host;

    @BeforeEach
    void start() throws Exception {
        fx = CommunityFixture.start(dir, CommunityFixture.Options.defaults().withoutDms(), "Name Hall", "names");
        api = fx.api;
        owner = fx.owner;
        relayId = fx.relayId;
        host = "names.localhost:" + fx.zooid().port;
        fx.watched();
    }

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    /** A member joins as zooid records it (8000 + 13534) and the mirror has heard the new list. */
    Keys join() {
        Keys k = Keys.generate();
        fx.zooid().addMember("names", k.pubkey());
        awaitMirror(k.pubkey(), true);
        return k;
    }

    void awaitMirror(String pubkey, boolean member) {
        RelayMemberStore store =
                new RelayMemberStore(Inside.of(fx.backend.app).db().jdbi());
        Wait.until(
                "the mirror " + (member ? "has " : "lost ") + pubkey.substring(0, 8),
                Duration.ofSeconds(15),
                () -> store.isMember(relayId, pubkey) == member);
    }

    Api.Response give(Keys as, String name, String pubkey) {
        return api.as(as, "PUT", "/relays/" + relayId + "/names/" + name, "{\"pubkey\":\"" + pubkey + "\"}");
    }

    Api.Response claim(Keys as, String relay, String name) {
        return api.as(as, "PUT", "/me/memberships/" + relay + "/name", "{\"name\":\"" + name + "\"}");
    }

    JsonNode nip05(String name) {
        NamesHttp.Reply r = NamesHttp.get(api, host, null, name);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
        return r.json();
    }

    String nameOf(String pubkey) {
        JsonNode m =
                api.as(owner, "GET", "/relays/" + relayId + "/members", null).json();
        for (JsonNode i : m.get("items"))
            if (i.get("pubkey").asText().equals(pubkey))
                return i.get("nip05_name").isNull() ? null : i.get("nip05_name").asText();
        throw new AssertionError(pubkey + " is not listed");
    }

    @Test
    void theOwnerGivesNamesToMembersOnlyAndTheyResolveAtTheRelayHost() {
        Keys alice = join();
        Keys stranger = Keys.generate();

        // a stranger is not given a name, nor can one be claimed for them
        Api.Response refused = give(owner, "bob", stranger.pubkey());
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("not_a_member");

        // upper case is lowered; the name resolves at the relay's host, with the relay's URL
        Api.Response given = give(owner, "Alice", alice.pubkey());
        assertThat(given.status()).as(given.body()).isEqualTo(200);
        assertThat(given.json().get("name").asText()).isEqualTo("alice");
        assertThat(given.json().get("assigned_by").asText()).isEqualTo("owner");
        // the relay's host has a port (names.localhost:<port>), which a NIP-05 address cannot carry: no address is
        // offered that apps would refuse or look up at the wrong port (the name still resolves at the host itself)
        assertThat(given.json().get("addresses")).isEmpty();
        JsonNode doc = nip05("alice");
        assertThat(doc.at("/names/alice").asText()).isEqualTo(alice.pubkey());
        assertThat(doc.at("/relays/" + alice.pubkey() + "/0").asText()).isEqualTo(fx.relayUrl);
        assertThat(nip05("ALICE").at("/names/alice").asText()).isEqualTo(alice.pubkey());
        assertThat(nip05("nobody").get("names").size()).isZero();
        assertThat(nip05(null).get("names").size()).isZero();
        assertThat(nameOf(alice.pubkey())).isEqualTo("alice");
        assertThat(nameOf(owner.pubkey())).isNull();

        // the name another member holds is refused to a second member; the owner takes it back first
        Keys carol = join();
        Api.Response taken = give(owner, "alice", carol.pubkey());
        assertThat(taken.status()).as(taken.body()).isEqualTo(409);
        assertThat(taken.json().get("code").asText()).isEqualTo("name_taken");
        // a member given another name moves to it: the old one is free again
        assertThat(give(owner, "ally", alice.pubkey()).status()).isEqualTo(200);
        assertThat(nip05("alice").get("names").size()).isZero();
        assertThat(give(owner, "alice", carol.pubkey()).status()).isEqualTo(200);
        assertThat(nip05("alice").at("/names/alice").asText()).isEqualTo(carol.pubkey());

        // the root name is the owner's to give
        assertThat(give(owner, "_", owner.pubkey()).status()).isEqualTo(200);
        // the owner takes a role name for themself, or gives one (members cannot claim them)
        Api.Response ownersAdmin = api.as(owner, "PUT", "/me/memberships/" + relayId + "/name", "{\"name\":\"admin\"}");
        assertThat(ownersAdmin.status()).as(ownersAdmin.body()).isEqualTo(200);
        assertThat(nip05("admin").at("/names/admin").asText()).isEqualTo(owner.pubkey());
        assertThat(give(owner, "_", owner.pubkey()).status()).isEqualTo(200);
        assertThat(nip05("_").at("/names/_").asText()).isEqualTo(owner.pubkey());

        // someone else's relay: as if it did not exist
        Keys other = Keys.generate();
        assertThat(give(other, "mine", alice.pubkey()).status()).isEqualTo(404);
        assertThat(api.as(other, "GET", "/relays/" + relayId + "/names", null).status())
                .isEqualTo(404);
        assertThat(api.as(other, "DELETE", "/relays/" + relayId + "/names/ally", null)
                        .status())
                .isEqualTo(404);

        JsonNode list =
                api.as(owner, "GET", "/relays/" + relayId + "/names", null).json();
        assertThat(list.get("enabled").asBoolean()).isTrue();
        assertThat(list.get("items").findValuesAsText("name")).containsExactly("_", "alice", "ally");

        // taking a name back frees it
        assertThat(api.as(owner, "DELETE", "/relays/" + relayId + "/names/ally", null)
                        .status())
                .isEqualTo(204);
        assertThat(nip05("ally").get("names").size()).isZero();
        assertThat(api.as(owner, "DELETE", "/relays/" + relayId + "/names/ally", null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void membersClaimTheirOwnNamesWhereTheyAreMembers() {
        Keys alice = join();
        Keys bob = join();
        Keys stranger = Keys.generate();

        JsonNode mine = api.as(alice, "GET", "/me/memberships", null).json();
        assertThat(mine.get("items").findValuesAsText("relay_id")).containsExactly(relayId);
        assertThat(mine.at("/items/0/nip05_name").isNull()).isTrue();
        assertThat(mine.at("/items/0/host").asText()).isEqualTo(host);
        assertThat(api.as(stranger, "GET", "/me/memberships", null).json().get("items"))
                .isEmpty();

        Api.Response claimed = claim(alice, relayId, "Alice");
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
        assertThat(claimed.json().get("nip05_name").asText()).isEqualTo("alice");
        assertThat(claimed.json().get("nip05").isNull())
                .as("no name@host:port address")
                .isTrue();
        assertThat(nip05("alice").at("/names/alice").asText()).isEqualTo(alice.pubkey());

        // a stranger claims nothing, on a relay they are not in (as if there were none) nor a made-up one
        Api.Response strangers = claim(stranger, relayId, "stranger");
        assertThat(strangers.status()).as(strangers.body()).isEqualTo(404);
        assertThat(claim(stranger, "no-such-relay", "stranger").status()).isEqualTo(404);
        assertThat(nip05("stranger").get("names").size()).isZero();
        // another member's name is taken; the root name is the owner's; odd names are refused
        Api.Response taken = claim(bob, relayId, "alice");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().get("code").asText()).isEqualTo("name_taken");
        for (String bad : new String[] {"_", ".bob", "bób", "b\\u212Ab", "bob@x", "b b", "x".repeat(65), ""}) {
            Api.Response r = claim(bob, relayId, bad);
            assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).as(bad).isEqualTo("name");
        }
        // role names would let a member pass as the community's staff: refused in every spelling a person reads as one
        for (String role : new String[] {
            "admin",
            "Administrator",
            "root",
            "support",
            "help",
            "owner",
            "moderator",
            "mod",
            "staff",
            "team",
            "official",
            "security",
            "abuse",
            "postmaster",
            "webmaster",
            "hostmaster",
            "info",
            "contact",
            "billing",
            "system",
            "nostr",
            "relay",
            "ad-min",
            "ad.min",
            "support_",
            "admin2",
            "_mod_",
        }) {
            Api.Response r = claim(bob, relayId, role);
            assertThat(r.status()).as(role + ": " + r.body()).isEqualTo(400);
            assertThat(r.json().get("code").asText()).as(role).isEqualTo("name_reserved");
            assertThat(r.json().get("field").asText()).as(role).isEqualTo("name");
            assertThat(nip05(role.toLowerCase(java.util.Locale.ROOT))
                            .get("names")
                            .size())
                    .as(role)
                    .isZero();
        }
        // a name that only contains one is a name like any other
        assertThat(claim(bob, relayId, "badminton").status()).isEqualTo(200);
        assertThat(claim(bob, relayId, "x".repeat(64)).status()).isEqualTo(200);
        assertThat(claim(bob, relayId, "bob.the-builder_2").status()).isEqualTo(200);
        // changing one's name frees the old one
        assertThat(nip05("x".repeat(64)).get("names").size()).isZero();

        // giving it up
        assertThat(api.as(alice, "DELETE", "/me/memberships/" + relayId + "/name", null)
                        .status())
                .isEqualTo(204);
        assertThat(nip05("alice").get("names").size()).isZero();
        assertThat(api.as(alice, "DELETE", "/me/memberships/" + relayId + "/name", null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aMemberTheMirrorHasNotHeardOfIsCheckedWithTheRelay() {
        Keys alice = join();
        // the mirror forgets the relay's members (as before its first list was heard): the relay itself is asked
        RelayMemberStore store =
                new RelayMemberStore(Inside.of(fx.backend.app).db().jdbi());
        Inside.of(fx.backend.app).db().jdbi().useTransaction(h -> store.replace(h, relayId, java.util.List.of(), 0));
        assertThat(store.heardOf(relayId)).isFalse();
        Api.Response claimed = claim(alice, relayId, "alice");
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
        assertThat(give(owner, "alias", alice.pubkey()).status()).isEqualTo(200);
        // and still says no to a stranger
        Keys stranger = Keys.generate();
        assertThat(claim(stranger, relayId, "stranger").status()).isEqualTo(404);
        assertThat(give(owner, "stranger", stranger.pubkey()).status()).isEqualTo(409);
    }

    @Test
    void aNameIsReleasedWhenItsHolderLeavesIsRemovedOrIsBanned() {
        Keys leaver = join(), removed = join(), banned = join(), stays = join();
        assertThat(claim(leaver, relayId, "leaver").status()).isEqualTo(200);
        assertThat(give(owner, "removed", removed.pubkey()).status()).isEqualTo(200);
        assertThat(claim(banned, relayId, "banned").status()).isEqualTo(200);
        assertThat(claim(stays, relayId, "stays").status()).isEqualTo(200);

        // leaving: zooid writes a new member list without them, and the watcher releases the name
        fx.zooid().control("DELETE", "/_emulator/relays/names/members/" + leaver.pubkey(), null);
        awaitMirror(leaver.pubkey(), false);
        Wait.until(
                "the leaver's name released",
                Duration.ofSeconds(15),
                () -> nip05("leaver").get("names").isEmpty());
        assertThat(api.as(leaver, "GET", "/me/memberships", null).json().get("items"))
                .isEmpty();

        // removed through Caravel: released at once, before any list arrives
        assertThat(api.as(owner, "DELETE", "/relays/" + relayId + "/members/" + removed.pubkey(), null)
                        .status())
                .isEqualTo(204);
        assertThat(nip05("removed").get("names").size()).isZero();

        // banned through Caravel: likewise
        assertThat(api.as(
                                owner,
                                "POST",
                                "/relays/" + relayId + "/bans",
                                "{\"pubkey\":\"" + banned.pubkey() + "\",\"reason\":\"spam\"}")
                        .status())
                .isEqualTo(201);
        assertThat(nip05("banned").get("names").size()).isZero();

        // the others keep theirs, and a released name can be claimed again
        assertThat(nip05("stays").at("/names/stays").asText()).isEqualTo(stays.pubkey());
        assertThat(claim(stays, relayId, "leaver").status()).isEqualTo(200);
        JsonNode activity =
                api.as(owner, "GET", "/relays/" + relayId + "/activity", null).json();
        assertThat(activity.findValuesAsText("kind")).contains("name_released");
    }

    @Test
    void aPlatformBanReleasesTheNameOnEveryRelayItVisits() {
        Keys spammer = join();
        assertThat(claim(spammer, relayId, "spammer").status()).isEqualTo(200);
        Api.Response ban = fx.backend.api.as(
                fx.backend.admin,
                "POST",
                "/admin/platform-bans",
                "{\"pubkey\":\"" + spammer.pubkey() + "\",\"reason\":\"spam\"}");
        assertThat(ban.status()).as(ban.body()).isEqualTo(201);
        Wait.until(
                "the platform ban released the name",
                Duration.ofSeconds(30),
                () -> nip05("spammer").get("names").isEmpty());
    }
}
