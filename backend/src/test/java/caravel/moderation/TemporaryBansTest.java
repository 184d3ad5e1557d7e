package caravel.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.Wallets;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay ban with an end time lifts itself then (NIP-86 unbanpubkey from a job in the database, so across a restart),
 * writes the activity log, and does not make the person a member again. Refused: end times in the past, within a
 * minute, beyond a year, not numbers; another tenant's relay. Lifting early withdraws the job; lifting twice, or the
 * job running twice, lifts once; a platform ban of the same key outlives the relay's own ban.
 */
@Tag("peer")
class TemporaryBansTest {
    @TempDir
    Path dir;

    CommunityFixture fx;
    TestBackend restarted;
    Keys owner;
    String relayId;

    @AfterEach
    void stop() {
        if (restarted != null) restarted.close();
        if (fx != null) fx.close();
    }

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    Api api() {
        return restarted != null ? restarted.api : fx.api;
    }

    App app() {
        return restarted != null ? restarted.app : fx.backend.app;
    }

    Api.Response ban(Keys as, String pubkey, String reason, String untilJson) {
        return api().as(
                        as,
                        "POST",
                        "/relays/" + relayId + "/bans",
                        "{\"pubkey\":\"" + pubkey + "\",\"reason\":\"" + reason + "\""
                                + (untilJson == null ? "" : ",\"until\":" + untilJson) + "}");
    }

    JsonNode bans() {
        Api.Response r = api().as(owner, "GET", "/relays/" + relayId + "/bans", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("items");
    }

    Optional<JsonNode> banOf(String pubkey) {
        for (JsonNode b : bans()) if (b.get("pubkey").asText().equals(pubkey)) return Optional.of(b);
        return Optional.empty();
    }

    List<String> members() {
        return api().as(owner, "GET", "/relays/" + relayId + "/members", null)
                .json()
                .get("items")
                .findValuesAsText("pubkey");
    }

    void addMember(String pubkey) {
        Api.Response r = api().as(owner, "POST", "/relays/" + relayId + "/members", "{\"pubkey\":\"" + pubkey + "\"}");
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
    }

    long now() {
        return fx.clock.millis() / 1000;
    }

    int activity(String kind) {
        return Inside.of(app())
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM activity WHERE relay = :r AND kind = :k")
                        .bind("r", relayId)
                        .bind("k", kind)
                        .mapTo(Integer.class)
                        .one());
    }

    /** The lift job's rows for the ban: status and due time. */
    List<String> liftJobs(String pubkey) {
        return Inside.of(app())
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT status || ':' || run_at_ms || ':' || coalesce(last_error, '') FROM jobs"
                                        + " WHERE kind = :k AND dedupe_key = :d ORDER BY id")
                        .bind("k", TemporaryBans.JOB)
                        .bind("d", TemporaryBans.key(relayId, pubkey))
                        .mapTo(String.class)
                        .list());
    }

    void start() throws Exception {
        fx = CommunityFixture.start(dir, "Town Square", "town");
        owner = fx.owner;
        relayId = fx.relayId;
    }

    @Test
    void endTimesThatCannotBeAreRefusedAndNothingIsBanned() throws Exception {
        start();
        String spammer = Keys.generate().pubkey();
        addMember(spammer);
        record Case(String until, String code) {}
        for (Case c : List.of(
                new Case(Long.toString(now() - 3600), "until_past"),
                new Case(Long.toString(now()), "until_past"),
                new Case(Long.toString(now() + 10), "until_too_soon"),
                new Case(Long.toString(now() + 400L * 86_400), "until_too_far"),
                new Case(Long.toString(Long.MAX_VALUE), "until_too_far"),
                new Case("\"tomorrow\"", null),
                new Case("1.5e9", null),
                new Case("12.5", null))) {
            Api.Response r = ban(owner, spammer, "spam", c.until());
            assertThat(r.status()).as(c.until() + ": " + r.body()).isEqualTo(400);
            if (c.code() != null) assertThat(r.json().get("code").asText()).isEqualTo(c.code());
            assertThat(r.json().get("field").asText()).isEqualTo("until");
        }
        assertThat(banOf(spammer)).isEmpty();
        assertThat(members()).contains(spammer);

        // another tenant cannot ban on this relay, with or without an end
        Keys stranger = Keys.generate();
        Api.Response r = ban(stranger, spammer, "mine now", Long.toString(now() + 3600));
        assertThat(r.status()).as(r.body()).isIn(403, 404);
        assertThat(api().as(stranger, "DELETE", "/relays/" + relayId + "/bans/" + spammer, null)
                        .status())
                .isIn(403, 404);
        assertThat(banOf(spammer)).isEmpty();
        assertThat(liftJobs(spammer)).isEmpty();
    }

    @Test
    void aTemporaryBanLiftsItselfAfterARestartOnceAndLeavesThemOutside() throws Exception {
        start();
        String spammer = Keys.generate().pubkey();
        addMember(spammer);
        long until = now() + 3600;
        Api.Response r = ban(owner, spammer, "flooding the relay", Long.toString(until));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("until").asLong()).isEqualTo(until);
        JsonNode b = banOf(spammer).orElseThrow();
        assertThat(b.get("reason").asText()).isEqualTo("flooding the relay");
        assertThat(b.get("until").asLong()).isEqualTo(until);
        assertThat(b.get("banned_by").asText()).isEqualTo(owner.pubkey());
        assertThat(members()).doesNotContain(spammer);
        assertThat(liftJobs(spammer)).containsExactly("queued:" + until * 1000 + ":");

        // Caravel restarts before the ban's time: the lift is in the database and runs in the new process
        TestBackend first = fx.backend;
        first.close();
        restarted = new TestBackend(
                dir, env -> env.putAll(first.env), new Wallets(Optional.of(fx.wallet), url -> fx.wallet), fx.clock);
        fx.clock.advance(Duration.ofMinutes(59));
        restarted.awaitNoJobDue();
        assertThat(banOf(spammer)).isPresent(); // not yet

        fx.clock.advance(Duration.ofMinutes(2));
        Wait.until("the ban lifted itself", Duration.ofSeconds(30), () -> banOf(spammer), Optional::isEmpty);
        restarted.awaitJobsSettled();
        assertThat(activity("ban_expired")).isEqualTo(1);
        assertThat(members()).as("not a member again until they join").doesNotContain(spammer);
        assertThat(liftJobs(spammer)).singleElement().asString().startsWith("done:");

        // the job running again (a retry after a crash) changes nothing and logs nothing more
        Inside.of(restarted.app)
                .community()
                .temporaryBans
                .run(new caravel.jobs.Job(
                        0,
                        TemporaryBans.JOB,
                        caravel.jobs.JobPayloads.write(new TemporaryBans.Lift(relayId, spammer, until)),
                        2,
                        50));
        assertThat(activity("ban_expired")).isEqualTo(1);

        // they may come back like anyone: an owner's add works again
        addMember(spammer);
        assertThat(members()).contains(spammer);
    }

    @Test
    void liftingEarlyWithdrawsTheJobAndABanGivenAgainKeepsItsOwnEnd() throws Exception {
        start();
        String a = Keys.generate().pubkey();
        String b = Keys.generate().pubkey();
        addMember(a);
        addMember(b);
        long until = now() + 7200;
        assertThat(ban(owner, a, "rude", Long.toString(until)).status()).isEqualTo(201);

        // lifted by hand an hour early: the job is withdrawn, and its time passing does nothing
        assertThat(api().as(owner, "DELETE", "/relays/" + relayId + "/bans/" + a, null)
                        .status())
                .isEqualTo(200);
        assertThat(liftJobs(a)).containsExactly("done:" + until * 1000 + ":cancelled");
        // lifting twice: zooid's unban is idempotent, and there is still no job to run
        assertThat(api().as(owner, "DELETE", "/relays/" + relayId + "/bans/" + a, null)
                        .status())
                .isEqualTo(200);
        assertThat(banOf(a)).isEmpty();

        // b banned for an hour, then banned again without end: the first end time must not lift the second ban
        assertThat(ban(owner, b, "spam", Long.toString(now() + 3600)).status()).isEqualTo(201);
        assertThat(ban(owner, b, "spam again", null).status()).isEqualTo(201);
        assertThat(banOf(b).orElseThrow().get("until").isNull()).isTrue();
        fx.clock.advance(Duration.ofHours(3));
        fx.backend.awaitJobsSettled();
        assertThat(banOf(b)).as("a ban without end stands").isPresent();
        assertThat(banOf(b).orElseThrow().get("reason").asText()).isEqualTo("spam again");
        assertThat(activity("ban_expired")).isZero();
    }

    @Test
    void aPlatformBanOutlivesTheRelaysOwnTemporaryBan() throws Exception {
        start();
        String spammer = Keys.generate().pubkey();
        addMember(spammer);
        long until = now() + 600;
        assertThat(ban(owner, spammer, "spam here", Long.toString(until)).status())
                .isEqualTo(201);
        Api.Response started = api().as(
                        fx.backend.admin,
                        "POST",
                        "/admin/platform-bans",
                        "{\"pubkey\":\"" + spammer + "\",\"reason\":\"spam everywhere\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String platformBan = started.json().get("id").asText();
        Wait.until(
                "platform ban done",
                Duration.ofSeconds(30),
                () -> api().as(fx.backend.admin, "GET", "/admin/platform-bans/" + platformBan, null)
                        .json()
                        .get("status")
                        .asText(),
                "done"::equals);

        fx.clock.advance(Duration.ofMinutes(11));
        fx.backend.awaitJobsSettled();
        assertThat(banOf(spammer)).as("zooid keeps the platform's ban").isPresent();
        assertThat(activity("ban_expired")).isEqualTo(1);
        caravel.store.Relay relay =
                Inside.of(fx.backend.app).relayStore().find(relayId).orElseThrow();
        assertThat(Inside.of(fx.backend.app).community().bans.ban(relay, spammer))
                .contains(caravel.bans.BanRule.Source.PLATFORM);
    }
}
