package caravel.relays;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.FreeRelays;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting a relay against the zooid emulator: the typed confirmation, owner-only, the stop and the final backup, the
 * undo within the window, the reserved subdomain, the freed quota, the purge (idempotent, after a crash too) and the
 * subdomain free afterwards.
 */
@Tag("peer")
@BothDatabases
class RelayDeletionTest {
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

    JsonNode waitActive(String id) {
        return FreeRelays.awaitSynced(api, owner, id, "active");
    }

    Api.Response delete(Keys who, String id, String confirm) {
        return api.as(who, "POST", "/relays/" + id + "/delete", Api.json(java.util.Map.of("confirm", confirm)));
    }

    boolean zooidInactive(String schema) {
        JsonNode cfg = zooid.relay(schema);
        return cfg != null && cfg.get("inactive").asBoolean();
    }

    List<String> activityKinds(String id) {
        List<String> kinds = new ArrayList<>();
        api.as(owner, "GET", "/relays/" + id + "/activity", null)
                .json()
                .get("items")
                .forEach(a -> kinds.add(a.get("kind").asText()));
        return kinds;
    }

    @Test
    void wrongConfirmationOtherTenantsAndAdministratorsCannotDelete() {
        String id = create(owner, "keep-me");
        waitActive(id);

        Api.Response wrong = delete(owner, id, "keep-m");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("code").asText()).isEqualTo("confirmation_mismatch");
        assertThat(wrong.json().get("field").asText()).isEqualTo("confirm");
        Api.Response empty = api.as(owner, "POST", "/relays/" + id + "/delete", "{}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("field").asText()).isEqualTo("confirm");

        // another tenant does not even see it; an administrator sees it but deleting is its owner's alone
        assertThat(delete(stranger, id, "keep-me").status()).isEqualTo(404);
        assertThat(api.as(stranger, "POST", "/relays/" + id + "/undelete", null).status())
                .isEqualTo(404);
        Api.Response admin = delete(backend.admin, id, "keep-me");
        assertThat(admin.status()).as(admin.body()).isEqualTo(403);

        JsonNode r = relay(id);
        assertThat(r.get("status").asText()).isEqualTo("active");
        assertThat(r.get("deletion").isNull()).isTrue();
        assertThat(r.get("actions").toString()).contains("\"delete\"");
        assertThat(zooidInactive("keep_me")).isFalse();
    }

    @Test
    void deleteStopsBacksUpFreesTheSlotAndUndoBringsItBack() throws Exception {
        String id = create(owner, "gone-soon");
        waitActive(id);
        // one free relay per account: a second is refused, and the message says what frees a place
        Api.Response full =
                api.as(owner, "POST", "/relays", "{\"name\":\"x\",\"subdomain\":\"other-one\",\"plan\":\"free\"}");
        assertThat(full.status()).isEqualTo(403);
        assertThat(full.error()).contains("delete one of them").contains("deactivated relay keeps its place");

        Api.Response deleted = delete(owner, id, "gone-soon");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        JsonNode v = deleted.json();
        assertThat(v.get("status").asText()).isEqualTo("inactive");
        assertThat(v.at("/deletion/undo_until").asLong())
                .isEqualTo(v.at("/deletion/deleted_at").asLong() + 7 * 86_400);
        assertThat(v.get("actions").toString()).isEqualTo("[\"undo_delete\"]");

        // stopped in zooid, after the final backup: a full relay backup (reason "final"), listed with its others
        Wait.until("zooid stops serving it", Duration.ofSeconds(20), () -> zooidInactive("gone_soon"));
        backend.awaitJobsSettled();
        JsonNode items =
                api.as(owner, "GET", "/relays/" + id + "/backups", null).json().get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("reason").asText()).isEqualTo("final");
        assertThat(items.get(0).get("status").asText()).as(items.toString()).isEqualTo("done");
        assertThat(api.as(
                                owner,
                                "GET",
                                "/relays/" + id + "/backups/"
                                        + items.get(0).get("id").asText() + "/download",
                                null)
                        .status())
                .isEqualTo(200);
        // nobody else reads it
        assertThat(api.as(stranger, "GET", "/relays/" + id + "/backups", null).status())
                .isEqualTo(404);
        assertThat(activityKinds(id)).contains("delete", "final_backup");

        // a second delete is refused; nothing else is done to a deleted relay
        assertThat(delete(owner, id, "gone-soon").status()).isEqualTo(409);
        assertThat(api.as(owner, "POST", "/relays/" + id + "/reactivate", null).status())
                .isEqualTo(409);
        assertThat(api.as(owner, "PUT", "/relays/" + id, "{\"name\":\"renamed\"}")
                        .status())
                .isEqualTo(409);

        // its subdomain is reserved during the window: nobody takes it, so an undo never collides
        Api.Response taken =
                api.as(stranger, "POST", "/relays", "{\"name\":\"x\",\"subdomain\":\"gone-soon\",\"plan\":\"free\"}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().get("code").asText()).isEqualTo("subdomain_taken");

        // its free place is free at once: the owner creates another free relay
        String second = create(owner, "second-one");
        // now the account is full again: the undo is refused, and says why
        Api.Response noRoom = api.as(owner, "POST", "/relays/" + id + "/undelete", null);
        assertThat(noRoom.status()).isEqualTo(403);
        assertThat(noRoom.error()).contains("free relays");
        assertThat(delete(owner, second, "second-one").status()).isEqualTo(200);

        Api.Response undone = api.as(owner, "POST", "/relays/" + id + "/undelete", null);
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        assertThat(undone.json().get("deletion").isNull()).isTrue();
        assertThat(undone.json().get("subdomain").asText()).isEqualTo("gone-soon");
        waitActive(id);
        Wait.until("zooid serves it again", Duration.ofSeconds(20), () -> !zooidInactive("gone_soon"));
        assertThat(activityKinds(id)).contains("undelete");
        // undone once: a second undo has nothing to undo
        assertThat(api.as(owner, "POST", "/relays/" + id + "/undelete", null).status())
                .isEqualTo(409);
    }

    @Test
    void afterTheWindowUndoIsRefusedThePurgeRemovesItAndTheSubdomainIsFree() throws Exception {
        String id = create(owner, "old-name");
        waitActive(id);
        assertThat(delete(owner, id, "old-name").status()).isEqualTo(200);
        backend.awaitJobsSettled();

        // as after a purge that crashed between zooid's delete and marking the row: zooid no longer has the config, and
        // the purge run again takes its 404 as done
        assertThat(new caravel.zooid.HttpZooidClient(zooid.url, zooidKey, java.time.Clock.systemUTC())
                        .delete("old_name"))
                .isInstanceOf(caravel.zooid.ZooidResult.Ok.class);
        backend.clock.advance(Duration.ofDays(7).plusSeconds(1));
        Api.Response late = api.as(owner, "POST", "/relays/" + id + "/undelete", null);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("code").asText()).isEqualTo("undo_window_over");

        JsonNode purged = Wait.until(
                "the purge",
                Duration.ofSeconds(30),
                () -> relay(id),
                r -> !r.at("/deletion/purged_at").isNull());
        assertThat(zooid.relay("old_name")).isNull();
        assertThat(purged.get("actions").toString()).isEqualTo("[]");
        assertThat(activityKinds(id)).contains("purge");
        // no purge command is configured: the relay's events stay on the node, and nobody is told otherwise
        assertThat(zooid.kept("old_name").events()).isNotNull().isPositive();
        String purge = RelayPurgeTest.activity(api, owner, id, "purge");
        assertThat(purge)
                .doesNotContain("removed for good")
                .contains("stored events and media stay on the relay host")
                .contains("PURGE_RELAY_COMMAND");
        assertThat(RelayPurgeTest.activity(api, owner, id, "delete")).doesNotContain("removed for good");
        assertThat(api.as(owner, "GET", "/config", null)
                        .json()
                        .get("purge_removes_data")
                        .asBoolean())
                .isFalse();
        // gone from the owner's list, kept in an administrator's
        assertThat(api.as(owner, "GET", "/tenants/" + owner.pubkey() + "/relays", null)
                        .body())
                .doesNotContain(id);
        assertThat(api.as(backend.admin, "GET", "/tenants/" + owner.pubkey() + "/relays", null)
                        .body())
                .contains(id);

        // the subdomain is free: anyone may take it now, as a new relay
        String again = create(stranger, "old-name");
        assertThat(again).isNotEqualTo(id);
        Api.Response never = api.as(owner, "POST", "/relays/" + id + "/undelete", null);
        assertThat(never.status()).isEqualTo(409);
        backend.awaitJobsSettled();
        assertThat(relay(id).at("/deletion/purged_at").isNull()).isFalse();
    }

    /**
     * An unpaid invoice billing the relay for time it was in service is a debt its deletion does not cancel: refused
     * with the invoice named, nothing changed; once it is paid, the deletion goes through (no double charge, nothing
     * lost, and no undo brings back unpaid service).
     */
    @Test
    void anUnpaidInvoiceForServiceHadIsPaidBeforeDeleting() {
        String id = create(owner, "owes-money");
        waitActive(id);
        var invoices = Inside.of(backend.app).invoices();
        Inside.of(backend.app).db().jdbi().useHandle(h -> {
            invoices.insert(h, "inv-owed", owner.pubkey(), 5000, false, 1, 2, 1, 2, "renewal", false, 0, null);
            new caravel.billing.InvoiceItemStore()
                    .insertItems(
                            h,
                            "inv-owed",
                            List.of(new caravel.billing.InvoiceItemStore.NewItem(id, "free", 5000, 1, 2, 5000, null)));
        });
        Api.Response refused = delete(owner, id, "owes-money");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("unpaid_invoice");
        assertThat(refused.error()).contains("inv-owed");
        JsonNode r = relay(id);
        assertThat(r.get("status").asText()).isEqualTo("active");
        assertThat(r.get("deletion").isNull()).isTrue();
        assertThat(activityKinds(id)).doesNotContain("delete");

        Inside.of(backend.app).db().jdbi().useHandle(h -> invoices.markPaid(h, "inv-owed", 3, "hash-owed"));
        assertThat(delete(owner, id, "owes-money").status()).isEqualTo(200);
    }

    @Test
    void twoDeletesRacingDeleteOnce() throws Exception {
        String id = create(owner, "racing");
        waitActive(id);
        List<Callable<Integer>> both = List.of(
                () -> delete(owner, id, "racing").status(),
                () -> delete(owner, id, "racing").status());
        try (var pool = Executors.newFixedThreadPool(2)) {
            List<Integer> statuses = new ArrayList<>();
            for (var f : pool.invokeAll(both)) statuses.add(f.get());
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        }
        backend.awaitJobsSettled();
        assertThat(activityKinds(id).stream().filter("delete"::equals)).hasSize(1);
        assertThat(activityKinds(id).stream().filter("final_backup"::equals)).hasSize(1);
    }
}
