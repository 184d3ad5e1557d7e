package caravel.webhooks;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.WebhookReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Webhook delivery latency (issue 56): members added (and removed again) one after another to a relay through the API
 * (the zooid emulator answering), each join's delivery received and verified by the stack's receiver; the time from the change's
 * commit (its outbox row, written in the change's transaction) to the receiver's arrival, p50/p95, beside the time
 * from the owner's request to the arrival.
 */
public final class WebhooksBench {
    public static void main(String[] args) throws Exception {
        int joins = Integer.getInteger("joins", 200);
        Path dir = Files.createTempDirectory("webhooks-bench");
        try (var f = CommunityFixture.start(
                        dir, CommunityFixture.Options.defaults().withoutDms(), "Bench", "bench");
                var receiver = new WebhookReceiver()) {
            Api.Response made = f.api.as(
                    f.owner,
                    "POST",
                    "/relays/" + f.relayId + "/webhooks",
                    Api.json(Map.of("url", receiver.hook("bench"), "events", List.of("member.joined", "member.left"))));
            if (made.status() != 201) throw new IllegalStateException(made.body());
            receiver.secret("bench", made.json().path("secret").asText());
            var jdbi = Inside.of(f.backend.app).db().jdbi();
            double[] fromCommit = new double[joins];
            double[] fromRequest = new double[joins];
            int seen = 1; // the ping
            for (int i = 0; i < joins; i++) {
                Keys member = Keys.generate();
                long asked = System.currentTimeMillis();
                Api.Response added = f.api.as(
                        f.owner,
                        "POST",
                        "/relays/" + f.relayId + "/members",
                        Api.json(Map.of("pubkey", member.pubkey())));
                if (added.status() != 201) throw new IllegalStateException(added.body());
                JsonNode got = receiver.received("bench", seen + 1).get(seen);
                seen++;
                if (!got.path("verified").asBoolean()) throw new IllegalStateException("not verified: " + got);
                String event =
                        Api.JSON.readTree(got.path("body").asText()).path("id").asText();
                long committed =
                        jdbi.withHandle(h -> h.select("SELECT created_ms FROM webhook_outbox WHERE id = ?", event)
                                .mapTo(Long.class)
                                .one());
                long arrived = got.path("received_at_ms").asLong();
                fromCommit[i] = arrived - committed;
                fromRequest[i] = arrived - asked;
                // the free plan's allowance: each member leaves again (its member.left is delivered, not measured)
                f.api.as(f.owner, "DELETE", "/relays/" + f.relayId + "/members/" + member.pubkey(), null);
                receiver.received("bench", seen + 1);
                seen++;
            }
            Arrays.sort(fromCommit);
            Arrays.sort(fromRequest);
            System.out.printf(
                    "webhook delivery, %d joins: commit → receiver p50 %.0f ms, p95 %.0f ms, max %.0f ms;"
                            + " request → receiver p50 %.0f ms, p95 %.0f ms%n",
                    joins,
                    at(fromCommit, 0.50),
                    at(fromCommit, 0.95),
                    fromCommit[joins - 1],
                    at(fromRequest, 0.50),
                    at(fromRequest, 0.95));
        }
        System.exit(0);
    }

    static double at(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
