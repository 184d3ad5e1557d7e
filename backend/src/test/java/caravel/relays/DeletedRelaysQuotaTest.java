package caravel.relays;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.FreeRelays;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QUOTA_DELETED_RELAYS: how many deleted relays, each holding its subdomain, one account may have waiting. */
@Tag("peer")
class DeletedRelaysQuotaTest {
    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), owner = Keys.generate(), stranger = Keys.generate();
    ZooidEmulator zooid;
    TestBackend backend;
    Api api;

    @BeforeEach
    void start() throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        backend = new TestBackend(dir, env -> {
            zooid.pointAt(env, zooidKey);
            env.put("QUOTA_FREE_RELAYS", "1");
            env.put("QUOTA_DELETED_RELAYS", "3"); // the default (the tests' environment raises it)
        });
        api = backend.api;
    }

    @AfterEach
    void stop() throws Exception {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    String create(Keys who, String sub) {
        Api.Response r = api.as(
                who, "POST", "/relays", "{\"name\":\"R " + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"free\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().at("/relay/id").asText();
    }

    JsonNode relay(String id) {
        return api.as(owner, "GET", "/relays/" + id, null).json();
    }

    void waitActive(String id) {
        FreeRelays.awaitSynced(api, owner, id, "active");
    }

    Api.Response delete(Keys who, String id, String confirm) {
        return api.as(who, "POST", "/relays/" + id + "/delete", Api.json(java.util.Map.of("confirm", confirm)));
    }

    /**
     * R5-12: a deleted relay frees its place in the quota at once but keeps its subdomain until its purge, so
     * delete-and-create cycles held any number of subdomains for the undo window. At most QUOTA_DELETED_RELAYS (3)
     * wait at once: the next creation is refused with 409 and when the first of them is removed, and the place comes
     * back once that one is purged. An administrator acting for the account is not bound.
     */
    @Test
    void deleteAndCreateCyclesHoldNoMoreThanThreeSubdomains() throws Exception {
        List<String> gone = new ArrayList<>();
        for (String sub : List.of("cycle-one", "cycle-two", "cycle-three")) {
            String id = create(owner, sub);
            waitActive(id);
            assertThat(delete(owner, id, sub).status()).isEqualTo(200);
            gone.add(id);
        }
        java.util.Map<String, Long> until = new java.util.HashMap<>();
        for (String g : gone) {
            JsonNode r = relay(g);
            until.put(r.get("subdomain").asText(), r.at("/deletion/undo_until").asLong());
        }
        long firstUntil = java.util.Collections.min(until.values());

        Api.Response refused =
                api.as(owner, "POST", "/relays", "{\"name\":\"x\",\"subdomain\":\"cycle-four\",\"plan\":\"free\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("deleted_relays_waiting");
        assertThat(refused.error())
                .contains("3 deleted relays")
                .contains(java.time.Instant.ofEpochSecond(firstUntil).toString());
        // it names one whose window ends first (deletions in the same second tie)
        assertThat(until.entrySet().stream()
                        .filter(e -> e.getValue() == firstUntil)
                        .map(java.util.Map.Entry::getKey))
                .anyMatch(sub -> refused.error().contains("the first, " + sub + ","));
        assertThat(api.as(owner, "GET", "/tenants/" + owner.pubkey() + "/relays", null)
                        .body())
                .doesNotContain("cycle-four");
        // another account is not bound by this one's deletions
        create(stranger, "someone-else");

        // once the first is purged, its subdomain is free and so is a place
        backend.awaitJobsSettled();
        backend.clock.advance(Duration.ofDays(7).plusSeconds(1));
        Wait.until(
                "the purges",
                Duration.ofSeconds(30),
                () -> gone.stream()
                        .allMatch(g -> !relay(g).at("/deletion/purged_at").isNull()),
                done -> done);
        create(owner, "cycle-four");
    }
}
