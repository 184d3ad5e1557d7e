package caravel.community;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.members.Invites;
import caravel.members.MembershipChanges;
import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.nostr.RelayClient;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import caravel.testing.Wait;
import caravel.watch.MembershipWatcher;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running a community from Caravel, over real sockets: the zooid emulator serves the relay, people use it with
 * nostr-tools (their own keys, NIP-42, invite claims), and the owner acts only through Caravel's API. DMs go through
 * a real development relay, where the recipients read and decrypt them.
 */
@Tag("peer")
class CommunityFlowTest {
    @TempDir
    Path dir;

    CommunityFixture fx;
    Keys owner;
    Api api;
    String relayId, relayUrl;

    /** The fixture's free relay "town", watched by Caravel, with zooid behaving as {@code line}. */
    void start(String line) throws Exception {
        fx = CommunityFixture.start(dir, CommunityFixture.Options.defaults().zooid(line), "Town Square", "town");
        owner = fx.owner;
        api = fx.api;
        relayId = fx.relayId;
        relayUrl = fx.relayUrl;
        fx.watched();
    }

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    Api.Response call(String method, String path, String body) {
        return api.as(owner, method, "/relays/" + relayId + path, body);
    }

    JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
        return r.body().isEmpty() ? null : r.json();
    }

    List<String> members() {
        return ok(call("GET", "/members", null)).get("items").findValuesAsText("pubkey");
    }

    String claim() {
        JsonNode invite = ok(call("GET", "/invite", null));
        String claim = invite.get("claim").asText();
        assertThat(claim).matches("[0-9A-Z]{8}");
        String url = invite.get("url").asText();
        assertThat(url).startsWith(Invites.JOIN_APP + "?r=");
        assertThat(URLDecoder.decode(url, StandardCharsets.UTF_8))
                .contains("r=" + relayUrl)
                .endsWith("&c=" + claim);
        assertThat(invite.get("qr").asText()).startsWith("data:image/svg+xml;base64,");
        return claim;
    }

    @Test
    void aTenantRunsItsCommunityThroughCaravel() throws Exception {
        start("archived");
        Member alice = new Member(Keys.generate(), relayUrl), bob = new Member(Keys.generate(), relayUrl);

        // not a member yet: the relay refuses reads and writes
        assertThat(alice.query(true, "{\"kinds\":[1]}").get("closed").asText()).startsWith("restricted:");
        assertThat(alice.publish(1, List.of(), "let me in").get("ok").asBoolean())
                .isFalse();

        // the claim Caravel obtained as a Nostr client lets both join
        String claim = claim();
        assertThat(alice.join(claim).get("ok").asBoolean()).as("alice joins").isTrue();
        assertThat(bob.join(claim).get("ok").asBoolean()).as("bob joins").isTrue();
        // names and pictures come from people's kind 0 profiles on the robot's indexer relays
        try (RelayClient c = new RelayClient(null, RelayClient.Options.defaults())) {
            Event profile = alice.keys.sign(
                    fx.clock.seconds(), 0, List.of(), "{\"name\":\"Alice\",\"picture\":\"https://img.example/a.png\"}");
            assertThat(c.publish(profile, List.of(fx.dmRelay.url()))
                            .join()
                            .values()
                            .iterator()
                            .next()
                            .ok())
                    .isTrue();
        }
        assertThat(members()).contains(alice.pubkey(), bob.pubkey());
        JsonNode listed = ok(call("GET", "/members", null)).get("items");
        JsonNode aliceRow = null;
        for (JsonNode m : listed) if (m.get("pubkey").asText().equals(alice.pubkey())) aliceRow = m;
        assertThat(aliceRow.get("name").asText()).isEqualTo("Alice");
        assertThat(aliceRow.get("picture").asText()).isEqualTo("https://img.example/a.png");
        assertThat(aliceRow.get("npub").asText()).isEqualTo(alice.keys.npub());
        JsonNode post = alice.publish(1, List.of(), "buy cheap pills");
        assertThat(post.get("ok").asBoolean()).as(post.toString()).isTrue();
        String postId = post.at("/event/id").asText();
        JsonNode second = alice.publish(1, List.of(), "and more");
        String secondId = second.at("/event/id").asText();

        // bob reports alice's post (NIP-56)
        JsonNode report = bob.publish(
                1984, List.of(List.of("e", postId, "spam"), List.of("p", alice.pubkey())), "spam in the square");
        assertThat(report.get("ok").asBoolean()).isTrue();
        String reportId = report.at("/event/id").asText();

        // the owner sees it with the reported post in context, and gets one DM about it
        JsonNode reports = Wait.until(
                "report listed",
                Duration.ofSeconds(10),
                () -> ok(call("GET", "/reports", null)).get("items"),
                i -> i.size() == 1);
        JsonNode rep = reports.get(0);
        assertThat(rep.get("id").asText()).isEqualTo(reportId);
        assertThat(rep.get("reporter").asText()).isEqualTo(bob.pubkey());
        assertThat(rep.get("type").asText()).isEqualTo("spam");
        assertThat(rep.at("/target/content").asText()).isEqualTo("buy cheap pills");
        assertThat(rep.get("reported_pubkey").asText()).isEqualTo(alice.pubkey());
        Wait.until(
                "digest DM to the owner",
                Duration.ofSeconds(20),
                () -> fx.dmsTo(owner),
                l -> l.stream().anyMatch(m -> m.contains("waits in the moderation queue of Town Square")));
        JsonNode counts = ok(api.as(owner, "GET", "/reports/open", null)).get("counts");
        assertThat(counts.path(relayId).asInt()).isEqualTo(1);

        // a report about a person (no event) shows what they wrote lately
        JsonNode person =
                bob.publish(1984, List.of(List.of("p", alice.pubkey(), "impersonation")), "pretends to be me");
        String personReport = person.at("/event/id").asText();
        JsonNode listedPerson = null;
        for (JsonNode i : Wait.until(
                "person report listed",
                Duration.ofSeconds(10),
                () -> ok(call("GET", "/reports", null)).get("items"),
                i -> i.size() == 2)) if (i.get("id").asText().equals(personReport)) listedPerson = i;
        assertThat(listedPerson.get("target").isNull()).isTrue();
        assertThat(listedPerson.get("recent_by_reported").findValuesAsText("content"))
                .contains("and more", "buy cheap pills");
        ok(call("POST", "/reports/" + personReport, "{\"action\":\"dismiss\"}"));

        // a second report within the hour is queued but tells the owner nothing new (the digest comes at most once an
        // hour); it is dismissed
        JsonNode again = bob.publish(1984, List.of(List.of("e", secondId, "other")), "this too");
        String againId = again.at("/event/id").asText();
        Wait.until(
                "second report counted",
                Duration.ofSeconds(10),
                () -> ok(api.as(owner, "GET", "/reports/open", null))
                        .get("counts")
                        .path(relayId)
                        .asInt(),
                n -> n == 2);
        int reportDms = Inside.of(fx.backend.app)
                .db()
                .jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT count(*) FROM jobs WHERE kind = 'dm.send' AND dedupe_key LIKE :k")
                                .bind("k", "dm:queue-digest:" + relayId + ":%")
                                .mapTo(Integer.class)
                                .one());
        assertThat(reportDms).isEqualTo(1);
        ok(call("POST", "/reports/" + againId, "{\"action\":\"dismiss\"}"));
        JsonNode open = ok(call("GET", "/reports", null)).get("items");
        assertThat(open).hasSize(1);
        assertThat(open.get(0).get("id").asText()).isEqualTo(reportId);

        // delete the reported post: it is gone from the relay, and the report is closed
        ok(call("POST", "/reports/" + reportId, "{\"action\":\"delete_event\",\"reason\":\"spam\"}"));
        assertThat(bob.query(true, "{\"ids\":[\"" + postId + "\"]}").get("events"))
                .isEmpty();
        assertThat(ok(call("GET", "/reports", null)).get("items")).isEmpty();
        java.util.Map<String, String> how = new java.util.HashMap<>();
        ok(call("GET", "/reports?status=all", null))
                .get("items")
                .forEach(
                        i -> how.put(i.get("id").asText(), i.get("resolved_how").asText()));
        assertThat(how).containsEntry(reportId, "event_deleted").containsEntry(againId, "dismissed");
        assertThat(ok(call("GET", "/deleted-events", null))
                        .get("items")
                        .get(0)
                        .get("reason")
                        .asText())
                .isEqualTo("spam");

        // ban the author: everything alice wrote is gone, she is no member, and her claim no longer works
        Api.Response ban = call("POST", "/bans", "{\"pubkey\":\"" + alice.keys.npub() + "\",\"reason\":\"spam\"}");
        ok(ban);
        assertThat(ok(call("GET", "/events?author=" + alice.pubkey(), null)).get("items"))
                .isEmpty();
        assertThat(bob.query(true, "{\"ids\":[\"" + secondId + "\"]}").get("events"))
                .isEmpty();
        assertThat(members()).doesNotContain(alice.pubkey());
        JsonNode rejoin = alice.join(claim);
        assertThat(rejoin.get("ok").asBoolean()).isFalse();
        assertThat(rejoin.get("message").asText()).contains("banned");
        JsonNode bans = ok(call("GET", "/bans", null)).get("items");
        assertThat(bans.findValuesAsText("pubkey")).containsExactly(alice.pubkey());
        assertThat(bans.get(0).get("reason").asText()).isEqualTo("spam");

        // unban: she was a member when banned, so she is one again (zooid's unban alone would leave her out)
        assertThat(ok(call("DELETE", "/bans/" + alice.pubkey(), null))
                        .get("membership_restored")
                        .asBoolean())
                .isTrue();
        assertThat(members()).contains(alice.pubkey());
        assertThat(alice.join(claim).get("ok").asBoolean()).isTrue();

        // the owner removes bob; bob can no longer read; the owner cannot be removed
        assertThat(call("DELETE", "/members/" + bob.pubkey(), null).status()).isEqualTo(204);
        assertThat(members()).doesNotContain(bob.pubkey());
        assertThat(bob.query(true, "{\"kinds\":[1]}").get("closed").asText()).startsWith("restricted:");
        Api.Response ownerOut = call("DELETE", "/members/" + owner.pubkey(), null);
        assertThat(ownerOut.status()).isEqualTo(409);
        assertThat(ownerOut.error()).contains("owner");

        // every action is in the activity log with its actor
        JsonNode activity = ok(call("GET", "/activity?per_page=200", null)).get("items");
        assertThat(activity.findValuesAsText("kind"))
                .contains("event_deleted", "pubkey_banned", "pubkey_unbanned", "member_removed");
    }

    @Test
    void theContentBrowserHidesTheRelaysOwnMembershipRecordsAndNeverDeletesThem() throws Exception {
        start("archived");
        Member alice = new Member(Keys.generate(), relayUrl);
        assertThat(alice.join(claim()).get("ok").asBoolean()).isTrue();
        ok(call("POST", "/members", "{\"pubkey\":\"" + Keys.generate().pubkey() + "\"}"));
        JsonNode post = alice.publish(1, List.of(), "hello town");
        assertThat(post.get("ok").asBoolean()).as(post.toString()).isTrue();
        String postId = post.at("/event/id").asText();

        // by default only people's events: the post, none of zooid's 8000/13534 bookkeeping
        JsonNode plain = ok(call("GET", "/events", null)).get("items");
        assertThat(plain.findValuesAsText("id")).contains(postId);
        assertThat(plain.findValuesAsText("kind")).doesNotContain("8000", "8001", "13534");
        assertThat(plain.findValuesAsText("system")).containsOnly("false");

        // asked for, they are listed and marked as the relay's own
        JsonNode all = ok(call("GET", "/events?system=true", null)).get("items");
        List<JsonNode> records = new ArrayList<>();
        for (JsonNode e : all)
            if (e.get("kind").asInt() == 8000 || e.get("kind").asInt() == 13534) records.add(e);
        assertThat(records).isNotEmpty();
        assertThat(records).allMatch(e -> e.get("system").asBoolean());
        assertThat(all.findValuesAsText("id")).contains(postId);

        // a page of one still finds the post behind the newer records, and pages on from there
        JsonNode one = ok(call("GET", "/events?limit=1", null));
        assertThat(one.get("items").findValuesAsText("id")).containsExactly(postId);

        // deleting one of them is refused with a reason, and it is still there
        String recordId = records.get(0).get("id").asText();
        Api.Response refused = call("DELETE", "/events/" + recordId, null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.error()).contains("relay's own record").contains("Members");
        assertThat(ok(call("GET", "/events?system=true", null)).get("items").findValuesAsText("id"))
                .contains(recordId);

        // people's posts are still deleted as before
        assertThat(call("DELETE", "/events/" + postId, null).status()).isEqualTo(204);
        assertThat(ok(call("GET", "/events", null)).get("items").findValuesAsText("id"))
                .doesNotContain(postId);
    }

    @Test
    void theFreePlansTenMembersHoldAndAnUpgradeLiftsTheCap() throws Exception {
        start("archived");
        // 10 members besides the owner, added through Caravel
        for (int i = 0; i < 10; i++)
            ok(call("POST", "/members", "{\"pubkey\":\"" + Keys.generate().pubkey() + "\"}"));
        JsonNode listing = ok(call("GET", "/members", null));
        assertThat(listing.get("count").asInt()).isEqualTo(10);
        assertThat(listing.get("limit").asInt()).isEqualTo(10);

        // the 11th through Caravel: 409 with the limit and how to upgrade
        Api.Response full =
                call("POST", "/members", "{\"pubkey\":\"" + Keys.generate().pubkey() + "\"}");
        assertThat(full.status()).isEqualTo(409);
        assertThat(full.json().get("limit").asInt()).isEqualTo(10);
        assertThat(full.json().get("count").asInt()).isEqualTo(10);
        assertThat(full.error()).contains("Free plan allows 10").contains("Upgrade");
        assertThat(full.json().get("upgrade_to").toString()).contains("basic").contains("growth");

        // the 11th through an invite: zooid lets her in, Caravel reverses it and tells both sides
        Member carol = new Member(Keys.generate(), relayUrl);
        String claim = claim();
        assertThat(carol.join(claim).get("ok").asBoolean()).isTrue();
        Wait.until("the 11th join reversed", Duration.ofSeconds(60), this::members, m -> !m.contains(carol.pubkey()));
        assertThat(members()).hasSize(11); // owner + 10
        JsonNode refusals = ok(call("GET", "/members", null)).get("refusals");
        assertThat(refusals.findValuesAsText("pubkey")).containsExactly(carol.pubkey());
        Wait.until(
                "DM to the person refused",
                Duration.ofSeconds(30),
                () -> fx.dmsTo(carol.keys),
                l -> l.stream().anyMatch(m -> m.contains("already has the 10 members")));
        Wait.until(
                "DM to the owner",
                Duration.ofSeconds(30),
                () -> fx.dmsTo(owner),
                l -> l.stream().anyMatch(m -> m.contains("join was reversed") && m.contains("Upgrade")));

        // a downgrade target below the count is refused with the count; here: free is already the floor, so check basic
        // later
        // upgrade to basic: the allowance is lifted at once
        Api.Response up = api.as(owner, "PUT", "/relays/" + relayId, "{\"plan\":\"basic\"}");
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        // the upgrade waits for its invoice (billing); paying it switches the plan, and the allowance with it
        String invoice = up.json().get("upgrade_invoice").asText();
        String bolt11 = ok(api.as(owner, "GET", "/invoices/" + invoice + "/bolt11", null))
                .get("bolt11")
                .asText();
        MembershipWatcher watcher = Inside.of(fx.backend.app).community().watcher;
        int opensBefore = watcher.opens(relayId);
        fx.wallet.pay(fx.wallet.invoices.values().stream()
                .filter(m -> m.bolt11().equals(bolt11))
                .findFirst()
                .orElseThrow()
                .hash());
        assertThat(ok(api.as(owner, "POST", "/invoices/" + invoice + "/check", null))
                        .get("status")
                        .asText())
                .isEqualTo("paid");
        Wait.until(
                "plan basic written to zooid",
                Duration.ofSeconds(20),
                () -> ok(api.as(owner, "GET", "/relays/" + relayId, null)),
                j -> j.get("plan").asText().equals("basic")
                        && j.at("/sync/state").asText().equals("synced"));
        // the plan change rewrote the config: the watcher hears joins only once it listens on the new instance (on a
        // slow machine the joins below could otherwise land before it subscribed again, and never be heard)
        Wait.until("the watcher subscribed again", Duration.ofSeconds(20), () -> watcher.opens(relayId) > opensBefore);
        MembershipChanges changes = Inside.of(fx.backend.app).community().changes;
        long heard = changes.joinsHeard();
        assertThat(carol.join(claim).get("ok").asBoolean()).isTrue();
        ok(call("POST", "/members", "{\"pubkey\":\"" + Keys.generate().pubkey() + "\"}"));
        // the watcher heard both joins and their allowance check ended (it would have acted, wrongly, by then)
        Wait.until("both joins heard", Duration.ofSeconds(20), () -> changes.joinsHeard() >= heard + 2);
        Wait.until("the joins' check done", Duration.ofSeconds(20), () -> changes.heldUntil(relayId) == 0);
        fx.backend.awaitJobsSettled();
        assertThat(members()).contains(carol.pubkey()).hasSize(13);

        // back down to free with 12 members: refused, with the count
        Api.Response down = api.as(owner, "PUT", "/relays/" + relayId, "{\"plan\":\"free\"}");
        assertThat(down.status()).as(down.body()).isEqualTo(409);
        assertThat(down.error()).contains("allows 10").contains("has 12");
    }

    /**
     * zooid serves a relay from a new instance after every write of its config, and the old instance's sockets stay
     * open, answering pings, hearing nothing: after a rename (a config write) the watcher must be listening on the new
     * instance, or joins beyond the plan's allowance are never reversed.
     */
    @Test
    void theCapHoldsAfterARenameRewroteTheConfig() throws Exception {
        start("archived");
        for (int i = 0; i < 10; i++)
            ok(call("POST", "/members", "{\"pubkey\":\"" + Keys.generate().pubkey() + "\"}"));
        String claim = claim();
        MembershipWatcher watcher = Inside.of(fx.backend.app).community().watcher;
        int opens = watcher.opens(relayId);
        Api.Response renamed = api.as(owner, "PUT", "/relays/" + relayId, "{\"name\":\"Town Hall\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        Wait.until(
                "the rename written to zooid",
                Duration.ofSeconds(20),
                () -> ok(api.as(owner, "GET", "/relays/" + relayId, null)),
                j -> j.at("/sync/state").asText().equals("synced")
                        && fx.zooid().relays().toString().contains("Town Hall"));
        // the watcher listens on the instance zooid loaded after the write before anyone joins
        Wait.until("the watcher subscribed again", Duration.ofSeconds(20), () -> watcher.opens(relayId) > opens);
        Member erin = new Member(Keys.generate(), relayUrl);
        assertThat(erin.join(claim).get("ok").asBoolean()).isTrue();
        Wait.until("the 11th join reversed", Duration.ofSeconds(30), this::members, m -> !m.contains(erin.pubkey()));
        assertThat(members()).hasSize(11); // owner + 10
    }

    @Test
    void theNewerLineHoldsTheCapToo() throws Exception {
        start("newer"); // members from zooid's API route; the relay key is a manager, not a member
        for (int i = 0; i < 10; i++)
            ok(call("POST", "/members", "{\"pubkey\":\"" + Keys.generate().pubkey() + "\"}"));
        assertThat(call("POST", "/members", "{\"pubkey\":\"" + Keys.generate().pubkey() + "\"}")
                        .status())
                .isEqualTo(409);
        ok(call("POST", "/invites", "{\"code\":\"OVERCAP1\"}"));
        Member dave = new Member(Keys.generate(), relayUrl);
        assertThat(dave.join("OVERCAP1").get("ok").asBoolean()).isTrue();
        Wait.until("the 11th join reversed", Duration.ofSeconds(60), this::members, m -> !m.contains(dave.pubkey()));
        assertThat(ok(call("GET", "/members", null)).get("count").asInt()).isEqualTo(10);
    }

    @Test
    void onlyRecentJoinsAreReversedSoARelayAboveItsAllowanceKeepsItsMembers() throws Exception {
        start("archived");
        for (int i = 0; i < 10; i++)
            ok(call("POST", "/members", "{\"pubkey\":\"" + Keys.generate().pubkey() + "\"}"));
        // Caravel's clock two hours on: the relay's 8000s (stamped by zooid) are now more than an hour old, as for
        // members who joined before a downgrade billing applied later (zooid checks no future NIP-86 times)
        fx.clock.advance(Duration.ofHours(2));
        java.util.function.Supplier<Long> lastCheck = () -> Inside.of(fx.backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT coalesce(max(id), 0) FROM jobs WHERE kind = 'community.cap' AND status = 'done'")
                        .mapTo(Long.class)
                        .one());
        long before = lastCheck.get();
        Keys late = Keys.generate();
        fx.zooid().addMember("town", late.pubkey()); // joins as zooid records it: 8000 + 13534
        Wait.until("a cap check after the join", Duration.ofSeconds(30), lastCheck, n -> n > before);
        assertThat(members()).contains(late.pubkey()).hasSize(12); // owner + 11: over the allowance, nobody removed
        assertThat(ok(call("GET", "/members", null)).get("refusals")).isEmpty();
    }
}
