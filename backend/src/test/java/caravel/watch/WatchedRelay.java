package caravel.watch;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.community.Community;
import caravel.nostr.Keys;
import caravel.relayaccess.RelayAccess;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The watch tests' set-up: the owner's free relay served by the zooid emulator (or real zooid) and watched, and what
 * those tests do to it: fill it, rename it through Caravel (a config write) or from a Nostr app over NIP-86 (zooid
 * rewrites the config itself), and read what the watch recorded.
 */
final class WatchedRelay implements AutoCloseable {
    final CommunityFixture fx;
    final Keys owner;
    final Api api;
    final String relayId, relayUrl;
    final MembershipWatcher watcher;

    private WatchedRelay(CommunityFixture fx) {
        this.fx = fx;
        this.owner = fx.owner;
        this.api = fx.api;
        this.relayId = fx.relayId;
        this.relayUrl = fx.relayUrl;
        this.watcher = fx.watcher();
    }

    /** A free relay, watched. */
    static WatchedRelay start(Path dir, String name, String subdomain) throws Exception {
        CommunityFixture fx = CommunityFixture.start(dir, name, subdomain);
        try {
            fx.watched();
            return new WatchedRelay(fx);
        } catch (RuntimeException | AssertionError e) {
            fx.close();
            throw e;
        }
    }

    Api.Response call(String method, String path, String body) {
        return api.as(owner, method, "/relays/" + relayId + path, body);
    }

    static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
        return r.body().isEmpty() ? null : r.json();
    }

    List<String> members() {
        return ok(call("GET", "/members", null)).get("items").findValuesAsText("pubkey");
    }

    /** Fills the relay to the free plan's 10 members (bob among them); returns an invite claim for an 11th. */
    String fullWith(Member bob) {
        ok(call("POST", "/members", "{\"pubkey\":\"" + bob.pubkey() + "\"}"));
        for (int i = 0; i < 9; i++)
            ok(call("POST", "/members", "{\"pubkey\":\"" + Keys.generate().pubkey() + "\"}"));
        return ok(call("GET", "/invite", null)).get("claim").asText();
    }

    /** Changes the relay's name through Caravel and waits until zooid has the new config (a config write). */
    void renameInCaravel(String name) {
        ok(api.as(owner, "PUT", "/relays/" + relayId, "{\"name\":\"" + name + "\"}"));
        Wait.until(
                "zooid has the new name",
                Duration.ofSeconds(20),
                () -> fx.zooid().relays().toString(),
                s -> s.contains("\"" + name + "\""));
    }

    /** NIP-86 as the owner's own Nostr app would send it, straight to the relay (Caravel is not asked). */
    void renameFromAnApp(String name) {
        renameFromAnApp(fx.backend.app, relayId, owner, name, "rename the relay from an app");
    }

    /** As {@link #renameFromAnApp(String)}, for any relay of {@code app} and its owner (the watch bench too). */
    static void renameFromAnApp(App app, String relayId, Keys owner, String name, String why) {
        Community c = Inside.of(app).community();
        RelayAccess.Target asRelay =
                c.access.target(Inside.of(app).relayStore().find(relayId).orElseThrow());
        RelayAccess.Target asOwnersApp = new RelayAccess.Target(
                asRelay.relayId(),
                asRelay.host(),
                asRelay.url(),
                asRelay.httpOrigin(),
                asRelay.wsUri(),
                asRelay.hostHeader(),
                owner,
                true);
        c.rpc.call(asOwnersApp, "changerelayname", List.of(name), why);
    }

    void waitForTheName(String name) {
        Wait.until(
                "zooid has the app's name",
                Duration.ofSeconds(20),
                () -> fx.zooid().relays().toString(),
                c -> c.contains(name));
    }

    /** The probe's answer, or null while the relay refuses connections (zooid's moment of not serving it after a write). */
    static <T> T unlessRefused(Supplier<T> probe) {
        try {
            return probe.get();
        } catch (IllegalStateException refused) {
            return null;
        }
    }

    /** Whether the watch recorded the report (the reports page would ask zooid itself, so it is not asked). */
    boolean counted(String reportId) {
        return Inside.of(fx.backend.app)
                        .db()
                        .jdbi()
                        .withHandle(h -> h.createQuery(
                                        "SELECT count(*) FROM community_reports WHERE relay = :r AND event_id = :e")
                                .bind("r", relayId)
                                .bind("e", reportId)
                                .mapTo(Integer.class)
                                .one())
                == 1;
    }

    @Override
    public void close() {
        fx.close();
    }
}
