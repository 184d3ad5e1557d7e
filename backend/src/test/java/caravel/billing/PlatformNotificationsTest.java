package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.Wallets;
import caravel.json.Json;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import caravel.nostr.Nip44;
import caravel.nostr.NwcUri;
import caravel.nostr.RelayClient;
import caravel.testing.Api;
import caravel.testing.LocalStack;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform wallet's payment notifications as an attacker would send them: a notification from a key that is not
 * the wallet's, and the wallet's own announcement of a payment that never happened, leave the invoice unpaid and the
 * relay waiting; the real payment, announced, makes it live with no "I've paid". The clock stands still, so no
 * polling run falls due here.
 */
@Tag("peer")
class PlatformNotificationsTest {
    @TempDir
    static Path dir;

    static LocalStack stack;
    static TestBackend backend;
    static App app;
    static Api api;
    static MutableClock clock;

    @BeforeAll
    static void start() throws Exception {
        stack = new LocalStack();
        Duration timeout = Duration.ofSeconds(4);
        clock = new MutableClock();
        Wallets wallets = new Wallets(
                Optional.of(new NwcWallet(stack.get("platform_nwc_url"), timeout, clock)),
                url -> new NwcWallet(url, timeout, clock));
        backend = new TestBackend(dir, stack::pointAt, wallets, clock);
        app = backend.app;
        api = backend.api;
    }

    @AfterAll
    static void stop() throws Exception {
        if (backend != null) backend.close();
        if (stack != null) stack.close();
    }

    static Long checkedAt(String paymentHash) {
        return Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT checked_at FROM invoice_payments WHERE payment_hash = :h")
                        .bind("h", paymentHash)
                        .mapTo(Long.class)
                        .findOne()
                        .orElse(null));
    }

    @Test
    void forgedAndLyingNotificationsPayNothingAndTheRealOneIsSeenAtOnce() throws Exception {
        Keys user = Keys.generate();
        Api.Response made =
                api.as(user, "POST", "/relays", "{\"name\":\"Billed\",\"subdomain\":\"billed\",\"plan\":\"basic\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String invoiceId = made.json().at("/invoice/id").asText(),
                relayId = made.json().at("/relay/id").asText(),
                bolt11 = made.json().at("/invoice/bolt11").asText();
        String hash = Inside.of(app).invoices().find(invoiceId).orElseThrow().paymentHash();
        assertThat(checkedAt(hash)).isNull();

        // a stranger's notification to the platform's connection, naming the invoice paid, with a made-up preimage
        NwcUri platform = NwcUri.parse(stack.get("platform_nwc_url"));
        Keys attacker = Keys.generate();
        byte[] preimage = new byte[32];
        new SecureRandom().nextBytes(preimage);
        JsonNode notification = Json.MAPPER
                .createObjectNode()
                .put("notification_type", "payment_received")
                .set(
                        "notification",
                        Json.MAPPER
                                .createObjectNode()
                                .put("type", "incoming")
                                .put("state", "settled")
                                .put("payment_hash", hash)
                                .put("preimage", Hex.encode(preimage))
                                .put("amount", 10_000_000L));
        Event forged = attacker.sign(
                clock.seconds(),
                23197,
                List.of(List.of("p", platform.clientKeys().pubkey())),
                Nip44.encrypt(
                        notification.toString(),
                        Nip44.conversationKey(attacker, platform.clientKeys().pubkey())));
        try (RelayClient c = new RelayClient(attacker, RelayClient.Options.defaults())) {
            assertThat(c.publish(forged, List.of(stack.relayUrl()))
                            .get(10, TimeUnit.SECONDS)
                            .values())
                    .allMatch(RelayClient.PublishResult::ok);
        }
        // the platform wallet itself announcing a payment that never happened
        stack.wallet("POST", "/notify", "{\"wallet\":\"platform\",\"payment_hash\":\"" + hash + "\"}");
        Wait.until("the announced payment looked up", Duration.ofSeconds(10), () -> checkedAt(hash) != null);
        assertThat(Inside.of(app)
                        .invoices()
                        .find(invoiceId)
                        .orElseThrow()
                        .status()
                        .wire())
                .isEqualTo("pending");
        assertThat(api.as(user, "GET", "/relays/" + relayId, null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("awaiting_payment");

        // the real payment, announced by the wallet, counts at once
        stack.pay(bolt11, "tenant");
        Wait.until(
                "paid by the notification",
                Duration.ofSeconds(10),
                () -> Inside.of(app)
                        .invoices()
                        .find(invoiceId)
                        .orElseThrow()
                        .status()
                        .wire(),
                "paid"::equals);
    }
}
