package caravel.admission;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * Paid admission on a {@link CommunityFixture}'s relay (its subdomain is {@code town}), as the admission tests drive
 * it: the owner's settings with the fixture's in-memory wallet, a stranger's calls to the join API, and the admission
 * clock's ticks. One place, so each test says only what it tries.
 */
final class TownAdmission {
    private final CommunityFixture fx;
    private final App app;

    TownAdmission(CommunityFixture fx) {
        this.fx = fx;
        this.app = fx.backend.app;
    }

    /** The owner's settings, written as the settings route would (its validation is tested with the route). */
    void sell(RelayAdmission.Mode mode, long priceSats, int trialDays, String rules) {
        long now = fx.clock.seconds();
        Inside.of(app)
                .db()
                .jdbi()
                .useHandle(h -> Inside.of(app)
                        .admission()
                        .store
                        .put(
                                h,
                                new RelayAdmission(
                                        fx.relayId,
                                        mode,
                                        mode == RelayAdmission.Mode.FREE ? 0 : priceSats,
                                        trialDays,
                                        rules,
                                        Inside.of(app)
                                                .admission()
                                                .rules
                                                .sealWallet(fx.relayId, "nostr+walletconnect://memory"),
                                        "memory",
                                        List.of("make_invoice", "lookup_invoice"),
                                        now,
                                        now,
                                        RelayAdmission.DEFAULT_TRIALS_PER_DAY)));
    }

    /** A call to the relay's join API signed by {@code who}. */
    Api.Response call(Keys who, String method, String path) {
        return fx.api.as(who, method, "/admissions/town" + path, method.equals("POST") ? "{}" : null);
    }

    static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
        return r.json();
    }

    String status(Keys who) {
        return ok(call(who, "GET", "/me")).get("status").asText();
    }

    /** Asks the owner's wallet through the join page's check until the person's standing is {@code status}. */
    JsonNode awaitStatus(Keys who, String status) {
        return Wait.until(
                "status " + status,
                Duration.ofSeconds(20),
                () -> ok(call(who, "POST", "/check")),
                j -> j.get("status").asText().equals(status));
    }

    /** One period's work of the admission clock, and the jobs it queued. */
    void tick() {
        Inside.of(app).admission().periods.tick();
        fx.backend.awaitJobsSettled();
    }

    /** The kinds of the relay's activity log, newest first, as its owner reads them. */
    List<String> activityKinds() {
        return ok(fx.api.as(fx.owner, "GET", "/relays/" + fx.relayId + "/activity?limit=100", null))
                .get("items")
                .findValuesAsText("kind");
    }
}
