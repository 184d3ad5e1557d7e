package caravel.admission;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.Wallets;
import caravel.billing.NwcWallet;
import caravel.domain.InvoiceStatus;
import caravel.json.Json;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import caravel.nostr.Nip44;
import caravel.nostr.NwcUri;
import caravel.nostr.RelayClient;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.FreeRelays;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Owners' wallets' payment notifications over the wire: the stack's NWC wallets (@getalby/sdk's wallet service)
 * announce payments on the stack's relay, the backend's listener hears them and the invoice is settled by its
 * look-up and proof. The clock stands still, so no polling check ever falls due: only a notification (or the person's
 * own "check") can settle anything here. Forged and lying notifications are tried too.
 */
@Tag("peer")
@BothDatabases
class PaymentListenersTest {
    static final long PRICE = 1_000;

    @TempDir
    static Path dir;

    static LocalStack stack;
    static TestBackend backend;
    static App app;
    static Api api;
    static MutableClock clock;
    /** Each test's own owner (free relays are few per account). */
    final Keys owner = Keys.generate();

    static int wallets;
    static int relays;
    /** Each test's own relay (a relay's open invoices keep its wallet listened to). */
    String relayId;

    String subdomain;

    @BeforeAll
    static void start() throws Exception {
        stack = new LocalStack();
        Duration timeout = Duration.ofSeconds(4);
        clock = new MutableClock();
        Wallets w = new Wallets(
                Optional.of(new NwcWallet(stack.get("platform_nwc_url"), timeout, clock)),
                url -> new NwcWallet(url, timeout, clock));
        backend = new TestBackend(dir, stack::pointAt, w, clock);
        app = backend.app;
        api = backend.api;
    }

    @BeforeEach
    void relay() {
        subdomain = "paid-" + ++relays;
        relayId = FreeRelays.create(api, owner, "Paid", subdomain);
    }

    @AfterAll
    static void stop() throws Exception {
        if (backend != null) backend.close();
        if (stack != null) stack.close();
    }

    record OwnerWallet(String name, String url) {}

    /** A new wallet of the stack for the owner, connected to the relay's admission. */
    OwnerWallet ownerWallet(boolean notifications) {
        String name = "owner-" + ++wallets;
        String url = stack.wallet(
                        "POST",
                        "/wallets",
                        "{\"name\":\"" + name + "\",\"balance\":0,\"methods\":[\"make_invoice\",\"lookup_invoice\"],"
                                + "\"notifications\":" + notifications + "}")
                .get("nwc_url")
                .asText();
        long now = clock.seconds();
        Inside.of(app)
                .db()
                .jdbi()
                .useHandle(h -> Inside.of(app)
                        .admission()
                        .store
                        .put(
                                h,
                                new RelayAdmission(
                                        relayId,
                                        RelayAdmission.Mode.ONCE,
                                        PRICE,
                                        0,
                                        "Be kind.",
                                        Inside.of(app).admission().rules.sealWallet(relayId, url),
                                        name,
                                        List.of("make_invoice", "lookup_invoice"),
                                        now,
                                        now,
                                        RelayAdmission.DEFAULT_TRIALS_PER_DAY)));
        return new OwnerWallet(name, url);
    }

    JsonNode join(Keys who) {
        Api.Response r = api.as(who, "POST", "/admissions/" + subdomain + "/join", "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("invoice");
    }

    String status(Keys who) {
        Api.Response r = api.as(who, "GET", "/admissions/" + subdomain + "/me", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("status").asText();
    }

    static AdmissionInvoice invoice(String id) {
        return Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> Inside.of(app).admission().invoices.find(h, id))
                .orElseThrow();
    }

    @Test
    void aPaymentTheOwnersWalletAnnouncesIsSettledWithoutAnyCheck() {
        OwnerWallet wallet = ownerWallet(true);
        String url = wallet.url();
        Keys stranger = Keys.generate();
        JsonNode inv = join(stranger);
        // listened to before the invoice existed: the payment cannot land before anyone listens
        assertThat(Inside.of(app).admission().listeners.listeningTo(url)).isTrue();
        stack.pay(inv.get("bolt11").asText(), "tenant");
        // the page's own read (the database only): nothing asks the wallet but the notification's check
        Wait.until(
                "the join settled by the notification",
                Duration.ofSeconds(10),
                () -> status(stranger),
                s -> s.equals("admitting") || s.equals("active"));
        AdmissionInvoice paid = invoice(inv.get("id").asText());
        assertThat(paid.state()).isEqualTo(InvoiceStatus.PAID);
        Wait.until("admitted", Duration.ofSeconds(10), () -> status(stranger), "active"::equals);

        // no invoice of this wallet is open now: the sweep closes its subscription, and opens none for it again
        Inside.of(app).admission().listeners.sweep(0);
        assertThat(Inside.of(app).admission().listeners.listeningTo(url)).isFalse();
    }

    @Test
    void aJoinPageWaitingOnItsStandingIsAnsweredOnceThePaymentIsRecorded() throws Exception {
        ownerWallet(true);
        Keys stranger = Keys.generate();
        JsonNode inv = join(stranger);
        String me = "/admissions/" + subdomain + "/me";
        // a page that shows something else is answered at once, with the standing as it is
        Api.Response other = api.as(stranger, "GET", me + "?after=none", null);
        assertThat(other.json().get("status").asText()).isEqualTo("pending");
        assertThat(api.as(stranger, "GET", me + "?after=" + "x".repeat(201), null)
                        .status())
                .isEqualTo(400);
        assertThat(api.as(stranger, "GET", me + "?after=none&after=pending", null)
                        .status())
                .isEqualTo(400);
        // the limit counts characters, as the document's maxLength does: 200 beyond the BMP (400 Java chars) pass
        String astral = java.net.URLEncoder.encode("\uD83D\uDE00".repeat(200), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(api.as(stranger, "GET", me + "?after=" + astral, null).status())
                .isEqualTo(200);
        // the page waits on what it shows (the open invoice, pending) while the person pays: the clock stands still, so
        // only the wallet's notification settles it, and the waiting read answers with what it recorded
        var waiting = CompletableFuture.supplyAsync(() ->
                api.as(stranger, "GET", me + "?after=pending:" + inv.get("id").asText(), null));
        stack.pay(inv.get("bolt11").asText(), "tenant");
        Api.Response answered = waiting.get(30, TimeUnit.SECONDS);
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        assertThat(answered.json().get("status").asText()).isIn("admitting", "active");
        // and a page that shows "admitting" is answered once the person is on the relay
        if (answered.json().get("status").asText().equals("admitting")) {
            Api.Response added = api.as(stranger, "GET", me + "?after=admitting", null);
            assertThat(added.json().get("status").asText()).isEqualTo("active");
        }
    }

    @Test
    void aWalletWithoutNotificationsIsNotListenedToAndItsInvoicesAreFoundByTheCheck() {
        String url = ownerWallet(false).url();
        Keys stranger = Keys.generate();
        JsonNode inv = join(stranger);
        assertThat(Inside.of(app).admission().listeners.listeningTo(url)).isFalse();
        stack.pay(inv.get("bolt11").asText(), "tenant");
        assertThat(status(stranger)).isEqualTo("pending");
        Api.Response checked = api.as(stranger, "POST", "/admissions/" + subdomain + "/check", "{}");
        assertThat(checked.json().get("status").asText()).isIn("admitting", "active");
    }

    @Test
    void forgedAndLyingNotificationsSettleNothing() throws Exception {
        OwnerWallet wallet = ownerWallet(true);
        String url = wallet.url();
        NwcUri nwc = NwcUri.parse(url);
        Keys victim = Keys.generate();
        JsonNode inv = join(victim);
        String invoiceId = inv.get("id").asText(),
                hash = inv.get("payment_hash").asText();
        assertThat(Inside.of(app).admission().listeners.listeningTo(url)).isTrue();
        long matchedBefore = Inside.of(app).admission().listeners.matched();

        // 1. a stranger's notification to the owner's connection (its client key is public on the relay), encrypted
        // as the wallet would, naming the open invoice "settled" with a made-up preimage: not the wallet's key
        Keys attacker = Keys.generate();
        byte[] preimage = new byte[32];
        new SecureRandom().nextBytes(preimage);
        String body = Json.MAPPER
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
                                .put("amount", PRICE * 1000)
                                .put("settled_at", clock.seconds()))
                .toString();
        Event forged = attacker.sign(
                clock.seconds(),
                23197,
                List.of(List.of("p", nwc.clientKeys().pubkey())),
                Nip44.encrypt(
                        body, Nip44.conversationKey(attacker, nwc.clientKeys().pubkey())));
        try (RelayClient c = new RelayClient(attacker, RelayClient.Options.defaults())) {
            var published = c.publish(forged, List.of(stack.relayUrl())).get(10, TimeUnit.SECONDS);
            assertThat(published.values()).allMatch(RelayClient.PublishResult::ok);
        }

        // 2. the owner's own wallet announcing a payment that never happened (a wallet lies as easily as it answers)
        stack.wallet("POST", "/notify", "{\"wallet\":\"" + wallet.name() + "\",\"payment_hash\":\"" + hash + "\"}");
        // the lie is heard and checked: the look-up says unpaid
        Wait.until(
                "the announced invoice checked",
                Duration.ofSeconds(10),
                () -> invoice(invoiceId).checkedAt() != null);
        assertThat(Inside.of(app).admission().listeners.matched())
                .as("only the wallet's own notification was heard; the forged one was dropped")
                .isEqualTo(matchedBefore + 1);
        assertThat(invoice(invoiceId).state()).isEqualTo(InvoiceStatus.PENDING);
        assertThat(status(victim)).isEqualTo("pending");

        // 3. a wallet that lies in its notification and in its look-up (a "settled" without a preimage that holds)
        stack.fault(wallet.name(), "lie_settled", 1);
        long checkedBefore = invoice(invoiceId).checkedAt();
        clock.advance(Duration.ofSeconds(1)); // a new check is told apart by its time
        stack.wallet("POST", "/notify", "{\"wallet\":\"" + wallet.name() + "\",\"payment_hash\":\"" + hash + "\"}");
        Wait.until(
                "the lie checked again",
                Duration.ofSeconds(10),
                () -> invoice(invoiceId).checkedAt() > checkedBefore);
        assertThat(invoice(invoiceId).state()).isEqualTo(InvoiceStatus.PENDING);
        assertThat(status(victim)).isEqualTo("pending");

        // 4. a notification of another wallet naming this invoice's hash brings no check of it (only its own wallet is
        // asked about it)
        assertThat(Inside.of(app).admission().listeners.match("nostr+walletconnect://" + "ab".repeat(32), hash))
                .isFalse();
        assertThat(Inside.of(app).admission().listeners.match(url, hash))
                .as("its own wallet's does")
                .isTrue();

        // the real payment still counts, at once
        stack.pay(inv.get("bolt11").asText(), "tenant");
        Wait.until(
                "the real payment settled",
                Duration.ofSeconds(10),
                () -> status(victim),
                s -> s.equals("admitting") || s.equals("active"));
    }

    @Test
    void theSweepListensToWalletsWithOpenInvoicesAndKeepsThemWhileOpen() {
        OwnerWallet wallet = ownerWallet(true);
        String url = wallet.url();
        Keys stranger = Keys.generate();
        JsonNode inv = join(stranger);
        // as after a restart: nobody listens, the sweep finds the open invoice and listens again
        Inside.of(app).admission().listeners.close(url);
        assertThat(Inside.of(app).admission().listeners.listeningTo(url)).isFalse();
        Inside.of(app).admission().listeners.sweep(0);
        assertThat(Inside.of(app).admission().listeners.listeningTo(url)).isTrue();
        Inside.of(app).admission().listeners.sweep(0);
        assertThat(Inside.of(app).admission().listeners.listeningTo(url))
                .as("kept while its invoice is open")
                .isTrue();
        stack.pay(inv.get("bolt11").asText(), "tenant");
        Wait.until(
                "settled by the notification heard on the swept subscription",
                Duration.ofSeconds(10),
                () -> status(stranger),
                s -> s.equals("admitting") || s.equals("active"));
    }
}
