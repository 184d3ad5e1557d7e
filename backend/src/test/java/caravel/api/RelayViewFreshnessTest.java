package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.billing.Renewals;
import caravel.nostr.Keys;
import caravel.relays.RelayStateMachine.Role;
import caravel.store.Relay;
import caravel.testing.AcceptingZooid;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import java.nio.file.Path;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /relays/:id answers from a view rendered earlier while nothing it shows has changed (RelayViewCache, issue 42).
 * Each input of the view is changed here — through the API, and behind the backend's back with plain SQL as another
 * process or a hand-written fix would — and the next GET must show exactly the view built from the database now (the
 * view as GET /relays/:id built it on every request before views were kept), for the tenant and for an administrator.
 * Also: the clock alone making an invoice overdue, and a kept view never reaching another tenant.
 */
@BothDatabases
class RelayViewFreshnessTest {
    @TempDir
    Path dir;

    final Keys owner = Keys.generate(), other = Keys.generate();
    TestBackend backend;
    Api api;
    String id;

    @BeforeEach
    void start() {
        // provisioning succeeds at once, so no retries write to the relay while the test reads it
        backend = new TestBackend(dir, env -> {}, AcceptingZooid.options(), new MutableClock());
        api = backend.api;
        id = create(owner, "fresh-view");
        create(other, "other-view"); // the other tenant exists (a relay can be given to it)
        backend.awaitJobsSettled();
    }

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
    }

    private String create(Keys who, String subdomain) {
        Api.Response r = api.as(
                who, "POST", "/relays", "{\"name\":\"Relay\",\"subdomain\":\"" + subdomain + "\",\"plan\":\"free\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().at("/relay/id").asText();
    }

    private Api.Response get(Keys who) {
        return api.as(who, "GET", "/relays/" + id, null);
    }

    private String view(Keys who) {
        Api.Response r = get(who);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** The view built from the database now, part by part, as RelayRoutes builds it (the oracle). */
    private String built(boolean admin) throws Exception {
        App app = backend.app;
        Relay r = Inside.of(app).relayStore().find(id).orElseThrow();
        return RelayViewGoldenTest.JSON.writeValueAsString(Views.relay(
                        r,
                        Inside.of(app).config().zooidNodes(),
                        Inside.of(app).relays().settingsRules(),
                        admin,
                        Inside.of(app).relays().offered(r, admin ? Role.ADMIN : Role.TENANT),
                        Views.domain(
                                Inside.of(app).domains(),
                                r,
                                Inside.of(app).domains().of(id).orElse(null)),
                        Inside.of(app).relays().retries(java.util.List.of(r)).get(r.id()))
                .forRole(caravel.domain.RelayRole.OWNER)); // the owner, and an administrator acting as one
    }

    /**
     * The view shown now, checked against the view built from the database just before and just after it (a
     * background job may write in between: then again).
     */
    private String shownAsBuilt(Keys who, boolean admin) throws Exception {
        for (int attempt = 0; ; attempt++) {
            String before = built(admin), shown = view(who), after = built(admin);
            if (before.equals(after)) {
                assertThat(shown).isEqualTo(after);
                return shown;
            }
            if (attempt == 10) throw new AssertionError("relay " + id + " kept changing while read");
        }
    }

    private void sql(String statement, Object... args) {
        Inside.of(backend.app).db().jdbi().useHandle((Handle h) -> h.execute(statement, args));
    }

    interface Change {
        void make() throws Exception;
    }

    /**
     * Shows the tenant's and the administrator's views (twice: the second is the kept one), makes the change, and
     * checks the next views: the tenant's differs from before and both are the view built from the database now.
     */
    private void changes(String what, Change change) throws Exception {
        String tenantBefore = view(owner), adminBefore = view(backend.admin);
        assertThat(view(owner)).isEqualTo(tenantBefore);
        assertThat(view(backend.admin)).isEqualTo(adminBefore);
        change.make();
        // the sync a change queues runs before the views are compared: a relay going pending, synced and pending
        // again between the two builds around a read would pass for no change (the oracle's blind spot, not the
        // cache's)
        backend.awaitNoJobDue();
        assertThat(shownAsBuilt(owner, false)).as(what).isNotEqualTo(tenantBefore);
        shownAsBuilt(backend.admin, true);
    }

    @Test
    void everyInputOfTheViewShowsOnTheNextRead() throws Exception {
        long now = backend.clock.seconds();
        changes(
                "name, through the API",
                () -> assertThat(api.as(owner, "PUT", "/relays/" + id, "{\"name\":\"Renamed\"}")
                                .status())
                        .isEqualTo(200));
        changes(
                "a setting, through the API",
                () -> assertThat(api.as(owner, "PUT", "/relays/" + id, "{\"settings\":{\"members_can_invite\":true}}")
                                .status())
                        .isEqualTo(200));
        changes("description", () -> sql("UPDATE relays SET description = 'written elsewhere' WHERE id = ?", id));
        changes("plan", () -> sql("UPDATE relays SET plan = 'basic' WHERE id = ?", id));
        changes("status", () -> sql("UPDATE relays SET status = 'inactive' WHERE id = ?", id));
        changes("sync error", () -> sql("UPDATE relays SET sync_error = 'connection refused' WHERE id = ?", id));
        changes(
                "account suspended",
                () -> sql("UPDATE tenants SET status = 'suspended' WHERE pubkey = ?", owner.pubkey()));
        changes("account lifted", () -> sql("UPDATE tenants SET status = 'active' WHERE pubkey = ?", owner.pubkey()));
        changes("an overdue invoice", () -> sql("""
                INSERT INTO invoices (id, tenant, amount, status, created_at, due_at, kind)
                VALUES ('inv-overdue', ?, 10000, 'pending', ?, ?, 'renewal')""", owner.pubkey(), now, now - Renewals.GRACE_SECONDS - 60));
        changes("the invoice waived", () -> sql("UPDATE invoices SET waived_at = ? WHERE id = 'inv-overdue'", now));
        // no write at all: an unpaid invoice's grace runs out while its view is kept
        sql("""
                INSERT INTO invoices (id, tenant, amount, status, created_at, due_at, kind)
                VALUES ('inv-due', ?, 10000, 'pending', ?, ?, 'renewal')""", owner.pubkey(), now, now - Renewals.GRACE_SECONDS + 30);
        changes("the clock past an invoice's grace", () -> backend.clock.advance(Duration.ofSeconds(60)));
        changes("the invoice deleted", () -> sql("DELETE FROM invoices WHERE id = 'inv-due'"));
        changes("a custom domain", () -> sql("""
                INSERT INTO relay_domains (relay_id, domain, token, state, created_at)
                VALUES (?, 'relay.example.org', 'token', 'pending', ?)""", id, now));
        changes(
                "the domain's state",
                () -> sql("UPDATE relay_domains SET state = 'lost', problem = 'gone' WHERE relay_id = ?", id));
        changes("the domain removed", () -> sql("DELETE FROM relay_domains WHERE relay_id = ?", id));
        // a failed sync and Caravel's next attempt: the attempt lives in the job queue, whose writes raise no version
        changes("the sync failed", () -> sql("UPDATE relays SET sync_state = 'failed' WHERE id = ?", id));
        changes("a retry queued", () -> sql("""
                INSERT INTO jobs (kind, payload, dedupe_key, status, attempts, max_attempts, run_at_ms, created_at, updated_at)
                VALUES ('sync', '{}', ?, 'queued', 2, 12, ?, ?, ?)""", "relay:" + id, (now + 3600) * 1000, now, now));
        changes(
                "the retry's next attempt",
                () -> sql("UPDATE jobs SET attempts = 3 WHERE dedupe_key = ?", "relay:" + id));
        changes("no more retries", () -> sql("DELETE FROM jobs WHERE dedupe_key = ?", "relay:" + id));
    }

    @Test
    void aKeptViewReachesNoOneElse() throws Exception {
        String token =
                api.as(owner, "POST", "/auth/session", null).json().get("token").asText();
        String owners = view(owner);
        assertThat(api.bearer(token, "GET", "/relays/" + id, null).body()).isEqualTo(owners);
        // another tenant: 404 as for an unknown id, with the owner's view kept
        assertThat(get(other).status()).isEqualTo(404);
        // the administrator's view has the node; the tenant's, kept beside it, has not
        String admins = view(backend.admin);
        assertThat(Api.JSON.readTree(admins).get("node").isNull()).isFalse();
        assertThat(Api.JSON.readTree(view(owner)).get("node").isNull()).isTrue();
        assertThat(view(owner)).isEqualTo(owners);
        // the relay given to the other tenant: its former owner gets 404 at once, the new one sees it
        sql("UPDATE relays SET tenant = ? WHERE id = ?", other.pubkey(), id);
        assertThat(get(owner).status()).isEqualTo(404);
        assertThat(api.bearer(token, "GET", "/relays/" + id, null).status()).isEqualTo(404);
        assertThat(Api.JSON.readTree(view(other)).get("tenant").asText()).isEqualTo(other.pubkey());
        shownAsBuilt(other, false);
    }
}
