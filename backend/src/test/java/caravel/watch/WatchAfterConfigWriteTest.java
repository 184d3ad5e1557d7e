package caravel.watch;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zooid serves a relay from a new instance after every write of its config, leaving the old instance's sockets open,
 * answering pings, and deaf (the emulator does the same). The membership watcher must hear the relay through edits
 * plan changes and zooid restarts in any order: a join over the free plan's 10 members is reversed, and a report reaches the owner.
 */
@Tag("peer")
class WatchAfterConfigWriteTest {
    @TempDir
    Path dir;

    WatchedRelay relay;
    CommunityFixture fx;
    Keys owner;
    Api api;
    String relayId, relayUrl;

    @AfterEach
    void stop() {
        if (relay != null) relay.close();
    }

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    Api.Response call(String method, String path, String body) {
        return relay.call(method, path, body);
    }

    static JsonNode ok(Api.Response r) {
        return WatchedRelay.ok(r);
    }

    List<String> members() {
        return relay.members();
    }

    /** Changes the relay's name through Caravel and waits until zooid has the new config (a config write). */
    void rename(String name) {
        relay.renameInCaravel(name);
    }

    static JsonNode unlessRefused(java.util.function.Supplier<JsonNode> probe) {
        return WatchedRelay.unlessRefused(probe);
    }

    /** An 11th member joins with an invite claim: zooid lets them in, and the watcher must have Caravel reverse it. */
    void overCapJoinIsReversed(String claim) {
        Member extra = new Member(Keys.generate(), relayUrl);
        JsonNode join = Wait.until(
                "the relay serves joins again",
                Duration.ofSeconds(10),
                () -> unlessRefused(() -> extra.join(claim)),
                j -> j != null && j.get("ok").asBoolean());
        assertThat(join.get("ok").asBoolean()).isTrue();
        Wait.until("the 11th join reversed", Duration.ofSeconds(30), this::members, m -> !m.contains(extra.pubkey()));
    }

    void reportIsListed(Member reporter, String note) {
        JsonNode report = Wait.until(
                "a report accepted",
                Duration.ofSeconds(10),
                () -> unlessRefused(() -> reporter.publish(
                        1984, List.of(List.of("p", Keys.generate().pubkey())), note)),
                r -> r != null && r.get("ok").asBoolean());
        String id = report.at("/event/id").asText();
        Wait.until(
                "the report listed",
                Duration.ofSeconds(30),
                () -> ok(call("GET", "/reports", null)).get("items").findValuesAsText("id"),
                ids -> ids.contains(id));
    }

    /** A free relay with its 10 members (bob among them) watched by Caravel; returns an invite claim for an 11th. */
    String fullFreeRelayWith(Member bob) {
        return relay.fullWith(bob);
    }

    void startWatchedFreeRelay() throws Exception {
        relay = WatchedRelay.start(dir, "Town Square", "town");
        fx = relay.fx;
        owner = relay.owner;
        api = relay.api;
        relayId = relay.relayId;
        relayUrl = relay.relayUrl;
    }

    @Test
    void theCapAndTheReportsHoldThroughEditsAndRestarts() throws Exception {
        startWatchedFreeRelay();
        MembershipWatcher watcher = Inside.of(fx.backend.app).community().watcher;
        // the free plan's 10 members, one of them bob, who reports
        Member bob = new Member(Keys.generate(), relayUrl);
        String claim = fullFreeRelayWith(bob);

        // an edit: zooid's new instance; the watcher must hear it
        rename("Town Hall");
        overCapJoinIsReversed(claim);
        reportIsListed(bob, "after the first edit");
        Wait.until(
                "the digest DM to the owner",
                Duration.ofSeconds(30),
                () -> Inside.of(fx.backend.app)
                        .db()
                        .jdbi()
                        .withHandle(h -> h.createQuery("SELECT count(*) FROM jobs WHERE dedupe_key LIKE :k")
                                .bind("k", "dm:queue-digest:" + relayId + ":%")
                                .mapTo(Integer.class)
                                .one()),
                n -> n >= 1);

        // edits back to back, then a zooid restart, then an edit landing after the watcher re-subscribed
        rename("Town Hall 2");
        rename("Town Hall 3");
        overCapJoinIsReversed(claim);
        fx.restartZooid();
        watcher.reconcileNow();
        Wait.until(
                "watcher back after the restart",
                Duration.ofSeconds(30),
                () -> {
                    watcher.reconcileNow();
                    return watcher.watching(relayId);
                },
                w -> w);
        rename("Town Hall 4");
        overCapJoinIsReversed(claim);
        reportIsListed(bob, "after the restart and an edit");
        assertThat(members()).hasSize(11).contains(bob.pubkey()); // owner + 10

        // a plan change (paid upgrade to basic) is a config write too: reports still arrive after it
        Api.Response up = api.as(owner, "PUT", "/relays/" + relayId, "{\"plan\":\"basic\"}");
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        String invoice = up.json().get("upgrade_invoice").asText();
        String bolt11 = ok(api.as(owner, "GET", "/invoices/" + invoice + "/bolt11", null))
                .get("bolt11")
                .asText();
        fx.wallet.pay(fx.wallet.invoices.values().stream()
                .filter(m -> m.bolt11().equals(bolt11))
                .findFirst()
                .orElseThrow()
                .hash());
        ok(api.as(owner, "POST", "/invoices/" + invoice + "/check", null));
        Wait.until(
                "zooid has the basic plan's config",
                Duration.ofSeconds(20),
                () -> ok(api.as(owner, "GET", "/relays/" + relayId, null))
                                .at("/sync/state")
                                .asText()
                                .equals("synced")
                        && ok(api.as(owner, "GET", "/relays/" + relayId, null))
                                .get("plan")
                                .asText()
                                .equals("basic"));
        reportIsListed(bob, "after the plan change");
    }

    /**
     * The owner renames the relay over NIP-86 from a Nostr app: zooid rewrites its config without Caravel, leaving the
     * watcher's socket on the old instance. The watcher notices by the relay's NIP-11 and subscribes again.
     */
    @Test
    void aRenameFromANostrAppIsNoticedByTheRelaysNip11() throws Exception {
        startWatchedFreeRelay();
        MembershipWatcher watcher = Inside.of(fx.backend.app).community().watcher;
        Member bob = new Member(Keys.generate(), relayUrl);
        String claim = fullFreeRelayWith(bob);
        int opensBefore = watcher.opens(relayId);

        relay.renameFromAnApp("Renamed in an app");
        relay.waitForTheName("Renamed in an app");

        watcher.readInfoAtNextPass();
        watcher.reconcileNow();
        Wait.until("a fresh subscription", Duration.ofSeconds(20), () -> watcher.opens(relayId), n -> n > opensBefore);
        overCapJoinIsReversed(claim);
        reportIsListed(bob, "after a rename from an app");
    }
}
