package caravel.billing;

import static caravel.testing.ZooidConfigs.livekitOn;
import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.Wallets;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 10, each replayed over HTTP against a real backend with zooid (emulator) in the loop. Each
 * test is named after the attack and fails if it works again.
 */
@Tag("peer")
class BillingAttacksTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock();
    final MemoryWallet wallet = new MemoryWallet(clock);
    final AtomicInteger tenantPays = new AtomicInteger();
    final Keys zooidKey = Keys.generate(), user = Keys.generate();
    ZooidEmulator zooid;
    TestBackend backend;
    Api api;
    Renewals renewals;
    PaymentConfirmation payments;

    /** The tenant's autopay wallet: counts pay_invoice calls, pays into the platform's ledger. */
    final LightningWallet tenantWallet = new LightningWallet() {
        @Override
        public MadeInvoice makeInvoice(long a, String d, long e) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Lookup lookupInvoice(String h) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String payInvoice(String bolt11) throws WalletException {
            tenantPays.incrementAndGet();
            return wallet.payInvoice(bolt11);
        }

        @Override
        public Info getInfo() {
            return new Info("tenant", java.util.List.of("pay_invoice", "get_info"));
        }
    };

    @BeforeEach
    void start() throws Exception {
        clock.set(Instant.parse("2027-03-10T12:00:00Z"));
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        backend = new TestBackend(
                dir,
                env -> {
                    zooid.pointAt(env, zooidKey);
                },
                new Wallets(Optional.of(wallet), url -> tenantWallet),
                clock);
        api = backend.api;
        renewals = Inside.of(backend.app).renewals();
        payments = Inside.of(backend.app).payments();
    }

    @AfterEach
    void stop() throws Exception {
        backend.close();
        zooid.close();
    }

    JsonNode create(String sub, String plan) {
        Api.Response r = api.as(
                user,
                "POST",
                "/relays",
                "{\"name\":\"" + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"" + plan + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    JsonNode relay(String id) {
        return api.as(user, "GET", "/relays/" + id, null).json();
    }

    JsonNode invoice(String id) {
        return api.as(user, "GET", "/invoices/" + id, null).json();
    }

    Api.Response post(String path) {
        return api.as(user, "POST", path, null);
    }

    String payCurrentBolt11(String invoiceId) {
        String bolt11 = api.as(user, "GET", "/invoices/" + invoiceId + "/bolt11", null)
                .json()
                .get("bolt11")
                .asText();
        String hash = hashOf(bolt11);
        wallet.pay(hash);
        return hash;
    }

    String hashOf(String bolt11) {
        return wallet.invoices.values().stream()
                .filter(m -> m.bolt11().equals(bolt11))
                .findFirst()
                .orElseThrow()
                .hash();
    }

    void check(String invoiceId) {
        assertThat(post("/invoices/" + invoiceId + "/check").status()).isEqualTo(200);
    }

    JsonNode zooidConfig(String schema) {
        return Wait.until("zooid has " + schema, Duration.ofSeconds(20), () -> zooid.relays(), z -> z.has(schema))
                .get(schema);
    }

    /** The config zooid holds once every queued sync ran. */
    JsonNode synced(String id, String schema) {
        Wait.until(
                "synced",
                Duration.ofSeconds(20),
                () -> relay(id),
                r -> r.at("/sync/state").asText().equals("synced"));
        return zooid.relay(schema);
    }

    JsonNode paidBasic(String sub) {
        JsonNode created = create(sub, "basic");
        payCurrentBolt11(created.at("/invoice/id").asText());
        check(created.at("/invoice/id").asText());
        return created;
    }

    void runCycleAt(Instant t) {
        clock.set(t);
        renewals.runCycle();
    }

    @Test
    void freeToGrowthUpgradeNeverPaidIsNeverServedEvenAfterDeactivateReactivate() {
        String id = create("freeloader", "free").at("/relay/id").asText();
        zooidConfig("freeloader");
        JsonNode up =
                api.as(user, "PUT", "/relays/" + id, "{\"plan\":\"growth\"}").json();
        assertThat(up.get("plan").asText()).isEqualTo("free");
        assertThat(up.get("upgrade_plan").asText()).isEqualTo("growth");
        assertThat(synced(id, "freeloader").at("/blossom/enabled").asBoolean()).isFalse();
        // day 8: an unpaid upgrade suspends nothing (nothing was served on credit) and serves nothing
        clock.advance(Duration.ofDays(8));
        renewals.runCycle();
        assertThat(relay(id).get("status").asText()).isEqualTo("active");
        assertThat(post("/relays/" + id + "/deactivate").json().get("status").asText())
                .isEqualTo("inactive");
        JsonNode back = post("/relays/" + id + "/reactivate").json();
        assertThat(back.get("status").asText()).isEqualTo("active");
        assertThat(back.get("plan").asText()).isEqualTo("free");
        JsonNode cfg = synced(id, "freeloader");
        assertThat(cfg.at("/blossom/enabled").asBoolean()).isFalse();
        assertThat(livekitOn(cfg)).isFalse();
        // the cycle ends unpaid: the upgrade lapses and its invoice is void
        String upgradeInvoice = up.get("upgrade_invoice").asText();
        clock.advance(Duration.ofDays(25));
        renewals.runCycle();
        assertThat(relay(id).get("upgrade_plan").isNull()).isTrue();
        assertThat(invoice(upgradeInvoice).get("status").asText()).isEqualTo("void");
    }

    @Test
    void suspendedRelayCannotBeLaunderedByDeactivateAndReactivate() {
        String id = paidBasic("launder").at("/relay/id").asText();
        runCycleAt(Instant.parse("2027-04-10T12:01:00Z")); // the renewal is issued and never paid
        clock.advance(Duration.ofDays(8));
        renewals.runCycle();
        assertThat(relay(id).get("status").asText()).isEqualTo("suspended");
        assertThat(relay(id).get("actions").toString()).contains("pay").doesNotContain("reactivate");
        JsonNode off = post("/relays/" + id + "/deactivate").json();
        assertThat(off.get("status").asText()).isEqualTo("inactive");
        assertThat(off.get("hold").asText()).isEqualTo("suspended"); // still suspended underneath
        Api.Response again = post("/relays/" + id + "/reactivate");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).contains("unpaid invoice");
        assertThat(synced(id, "launder").get("inactive").asBoolean()).isTrue();
        // paying lifts the suspension; the relay stays as its owner left it (inactive) until reactivated
        String renewal = api.as(user, "GET", "/tenants/" + user.pubkey() + "/invoices?status=pending", null)
                .json()
                .at("/items/0/id")
                .asText();
        payCurrentBolt11(renewal);
        check(renewal);
        JsonNode lifted = relay(id);
        assertThat(lifted.get("status").asText()).isEqualTo("inactive");
        assertThat(lifted.get("hold").isNull()).isTrue();
        assertThat(post("/relays/" + id + "/reactivate").json().get("status").asText())
                .isEqualTo("active");
    }

    @Test
    void deactivatingBeforeTheGraceEndsDoesNotDodgeTheSuspension() {
        String id = paidBasic("dodger").at("/relay/id").asText();
        runCycleAt(Instant.parse("2027-04-10T12:01:00Z"));
        clock.advance(Duration.ofDays(6));
        post("/relays/" + id + "/deactivate");
        clock.advance(Duration.ofDays(2));
        renewals.runCycle(); // the grace check suspends by state: an inactive relay gets the suspension underneath
        assertThat(relay(id).get("hold").asText()).isEqualTo("suspended");
        assertThat(post("/relays/" + id + "/reactivate").status()).isEqualTo(409);
        // and reactivating between the grace's end and the next periodic run is refused too
        JsonNode other = paidBasic("dodger-two");
        String otherId = other.at("/relay/id").asText();
        assertThat(relay(otherId).get("status").asText())
                .isEqualTo("suspended"); // paid its own invoice, but the tenant is overdue
    }

    @Test
    void upgradesAreServedOnlyOncePaid() {
        String id = create("upgrader", "free").at("/relay/id").asText();
        zooidConfig("upgrader");
        JsonNode up =
                api.as(user, "PUT", "/relays/" + id, "{\"plan\":\"basic\"}").json();
        assertThat(up.get("plan").asText()).isEqualTo("free");
        assertThat(synced(id, "upgrader").at("/blossom/enabled").asBoolean()).isFalse();
        String inv = up.get("upgrade_invoice").asText();
        assertThat(invoice(inv).get("gated").asBoolean()).isTrue();
        payCurrentBolt11(inv);
        check(inv);
        assertThat(relay(id).get("plan").asText()).isEqualTo("basic");
        Wait.until(
                "blossom on",
                Duration.ofSeconds(20),
                () -> zooid.relay("upgrader"),
                c -> c.at("/blossom/enabled").asBoolean());
    }

    @Test
    void aBolt11ReissuedInItsLastMinuteIsStillCreditedWhenPaid() {
        JsonNode created = create("last-minute", "basic");
        String inv = created.at("/invoice/id").asText();
        String first = created.at("/invoice/bolt11").asText();
        clock.set(Instant.ofEpochSecond(created.at("/invoice/expires_at").asLong() - 30));
        String second = api.as(user, "GET", "/invoices/" + inv + "/bolt11", null)
                .json()
                .get("bolt11")
                .asText();
        assertThat(second).isNotEqualTo(first); // re-issued: fewer than 60 s left
        wallet.pay(hashOf(first)); // the tenant's wallet still pays the first one in its last seconds
        check(inv);
        JsonNode paid = invoice(inv);
        assertThat(paid.get("status").asText()).isEqualTo("paid");
        assertThat(paid.get("paid_hash").asText()).isEqualTo(hashOf(first));
        assertThat(relay(created.at("/relay/id").asText()).get("status").asText())
                .isIn("pending", "active");
        // and paying the second one as well is not lost: it becomes credit against the next invoice
        wallet.pay(hashOf(second));
        payments.onPaymentReceived(hashOf(second));
        JsonNode account = api.as(user, "GET", "/tenants/" + user.pubkey() + "/billing", null)
                .json();
        assertThat(account.get("credit").asLong()).isEqualTo(10_000);
        JsonNode next = create("paid-by-credit", "basic").get("invoice");
        assertThat(next.get("credit_applied").asLong())
                .isEqualTo(next.get("amount").asLong());
        assertThat(next.get("status").asText()).isEqualTo("paid");
    }

    @Test
    void anInvoicePaidJustBeforeItIsVoidedIsCreditedNotLost() {
        JsonNode created = create("voided", "basic");
        String id = created.at("/relay/id").asText(),
                inv = created.at("/invoice/id").asText();
        wallet.pay(hashOf(created.at("/invoice/bolt11").asText())); // paid; the platform has not noticed yet
        // the plan change asks the wallet before voiding: the payment is found and the relay is served on basic
        JsonNode moved =
                api.as(user, "PUT", "/relays/" + id, "{\"plan\":\"growth\"}").json();
        assertThat(invoice(inv).get("status").asText()).isEqualTo("paid");
        assertThat(moved.get("plan").asText()).isEqualTo("basic");
        assertThat(moved.get("upgrade_plan").asText()).isEqualTo("growth");
        // the race the wallet check cannot close: paid after the void — polling finds it, it becomes credit
        JsonNode other = create("voided-two", "basic");
        String otherInv = other.at("/invoice/id").asText();
        String oldBolt11 = other.at("/invoice/bolt11").asText();
        api.as(user, "PUT", "/relays/" + other.at("/relay/id").asText(), "{\"plan\":\"free\"}");
        assertThat(invoice(otherInv).get("status").asText()).isEqualTo("void");
        wallet.pay(hashOf(oldBolt11));
        payments.collect();
        long credit = api.as(user, "GET", "/tenants/" + user.pubkey() + "/billing", null)
                .json()
                .get("credit")
                .asLong();
        assertThat(credit).isEqualTo(other.at("/invoice/amount").asLong());
        assertThat(payments.settle(hashOf(oldBolt11))).isFalse(); // credited once
    }

    @Test
    void anUpgradePaidAfterItsCycleEndedIsCreditNotAFreeMonthOnTheBiggerPlan() {
        String id = paidBasic("late-upgrade").at("/relay/id").asText();
        clock.set(Instant.parse("2027-04-10T00:00:00Z")); // twelve hours before the renewal
        JsonNode up =
                api.as(user, "PUT", "/relays/" + id, "{\"plan\":\"growth\"}").json();
        String upgrade = up.get("upgrade_invoice").asText();
        String bolt11 = api.as(user, "GET", "/invoices/" + upgrade + "/bolt11", null)
                .json()
                .get("bolt11")
                .asText();
        runCycleAt(Instant.parse("2027-04-10T12:01:00Z")); // the cycle it was priced for ends unpaid: it lapses
        assertThat(invoice(upgrade).get("status").asText()).isEqualTo("void");
        assertThat(relay(id).get("upgrade_plan").isNull()).isTrue();
        wallet.pay(hashOf(bolt11)); // paid anyway, still within the bolt11's expiry
        payments.collect();
        assertThat(relay(id).get("plan").asText()).isEqualTo("basic"); // the renewal billed basic: no growth for it
        JsonNode account = api.as(user, "GET", "/tenants/" + user.pubkey() + "/billing", null)
                .json();
        assertThat(account.get("credit").asLong())
                .isEqualTo(invoice(upgrade).get("amount").asLong());
    }

    @Test
    void anUpgradePaidInTimeButNotNoticedIsAppliedBeforeTheRenewalVoidsIt() {
        String id = paidBasic("noticed-upgrade").at("/relay/id").asText();
        clock.set(Instant.parse("2027-04-10T00:00:00Z"));
        String upgrade = api.as(user, "PUT", "/relays/" + id, "{\"plan\":\"growth\"}")
                .json()
                .get("upgrade_invoice")
                .asText();
        wallet.pay(hashOf(api.as(user, "GET", "/invoices/" + upgrade + "/bolt11", null)
                .json()
                .get("bolt11")
                .asText()));
        clock.set(Instant.parse("2027-04-10T12:01:00Z"));
        renewals.settleLapsingUpgrades(); // what the periodic run does before renewing
        renewals.runCycle();
        assertThat(invoice(upgrade).get("status").asText()).isEqualTo("paid");
        assertThat(relay(id).get("plan").asText()).isEqualTo("growth");
        assertThat(api.as(user, "GET", "/tenants/" + user.pubkey() + "/billing", null)
                        .json()
                        .get("credit")
                        .asLong())
                .isZero();
    }

    @Test
    void aStolenSessionCannotDrainTheWalletThroughAutopay() {
        paidBasic("victim"); // monthly total 10,000 sats: the default autopay budget
        String nwc = "nostr+walletconnect://" + Keys.generate().pubkey() + "?relay=wss%3A%2F%2Fr.example&secret="
                + Keys.generate().secretHex();
        assertThat(api.as(user, "PUT", "/tenants/" + user.pubkey(), "{\"nwc_url\":\"" + nwc + "\"}")
                        .status())
                .isEqualTo(200);
        String token =
                api.as(user, "POST", "/auth/session", null).json().get("token").asText();
        // the thief, with only the session, creates growth relays: none is paid from the victim's wallet
        for (int i = 0; i < 3; i++) {
            Api.Response r = api.bearer(
                    token, "POST", "/relays", "{\"name\":\"x\",\"subdomain\":\"thief-" + i + "\",\"plan\":\"growth\"}");
            assertThat(r.status()).isEqualTo(201);
            String inv = r.json().at("/invoice/id").asText();
            Wait.until(
                    "autopay decided",
                    Duration.ofSeconds(20),
                    () -> invoice(inv),
                    v -> !v.get("autopay_hold").isNull());
        }
        assertThat(tenantPays.get()).isZero();
        String held = api.as(user, "GET", "/tenants/" + user.pubkey() + "/invoices?status=pending", null)
                .json()
                .at("/items/0/id")
                .asText();
        // nor can it confirm a payment, or raise the budget, with the session
        assertThat(api.bearer(token, "POST", "/invoices/" + held + "/pay", null).status())
                .isEqualTo(401);
        Api.Response raise = api.bearer(token, "PUT", "/tenants/" + user.pubkey(), "{\"autopay_budget\":10000000}");
        assertThat(raise.status()).isEqualTo(403);
        assertThat(raise.error()).contains("fresh signature");
        // nor can an administrator spend the tenant's wallet, or raise its budget
        assertThat(api.as(backend.admin, "POST", "/invoices/" + held + "/pay", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.as(backend.admin, "PUT", "/tenants/" + user.pubkey(), "{\"autopay_budget\":10000000}")
                        .status())
                .isEqualTo(403);
        assertThat(api.as(user, "PUT", "/tenants/" + user.pubkey(), "{\"autopay_budget\":-1}")
                        .status())
                .isEqualTo(400);
        assertThat(api.as(user, "PUT", "/tenants/" + user.pubkey(), "{\"autopay_budget\":\"lots\"}")
                        .status())
                .isEqualTo(400);
        // lowering works with the session; the owner confirms with a fresh signature
        assertThat(api.bearer(token, "PUT", "/tenants/" + user.pubkey(), "{\"autopay_budget\":0}")
                        .status())
                .isEqualTo(200);
        Api.Response confirmed = api.as(user, "POST", "/invoices/" + held + "/pay", null);
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asText()).isEqualTo("paid");
        assertThat(tenantPays.get()).isEqualTo(1);
        // a renewal is always paid automatically (it is not something a session can create)
        runCycleAt(Instant.parse("2027-04-10T12:01:00Z"));
        Wait.until(
                "renewal autopaid",
                Duration.ofSeconds(20),
                () -> api.as(user, "GET", "/tenants/" + user.pubkey() + "/invoices?per_page=1", null)
                        .json()
                        .at("/items/0"),
                v -> v.get("kind").asText().equals("renewal")
                        && v.get("status").asText().equals("paid"));
    }

    @Test
    void aSuspendedAccountIsNotOfferedReactivateAndTheApiAgrees() {
        String id = create("admin-suspended", "free").at("/relay/id").asText();
        Api.Response suspend = api.as(backend.admin, "PUT", "/tenants/" + user.pubkey(), "{\"status\":\"suspended\"}");
        assertThat(suspend.status()).isEqualTo(200);
        JsonNode r = relay(id);
        assertThat(r.get("status").asText()).isEqualTo("inactive");
        assertThat(r.get("actions").toString()).doesNotContain("reactivate");
        assertThat(post("/relays/" + id + "/reactivate").status()).isEqualTo(403);
    }

    @Test
    void anAdministratorLiftsABillingSuspensionAndItIsRecorded() {
        String id = paidBasic("forgiven").at("/relay/id").asText();
        runCycleAt(Instant.parse("2027-04-10T12:01:00Z"));
        clock.advance(Duration.ofDays(8));
        renewals.runCycle();
        assertThat(relay(id).get("status").asText()).isEqualTo("suspended");
        assertThat(post("/relays/" + id + "/unsuspend").status()).isEqualTo(403); // tenants cannot
        JsonNode lifted = api.as(backend.admin, "POST", "/relays/" + id + "/unsuspend", null)
                .json();
        assertThat(lifted.get("status").asText())
                .isIn("pending", "active"); // back in service (pending until zooid has it)
        renewals.runCycle(); // the waived invoice no longer suspends
        assertThat(relay(id).get("status").asText()).isIn("pending", "active");
        String log = api.as(user, "GET", "/relays/" + id + "/activity", null).body();
        assertThat(log).contains("Suspension lifted by an administrator");
    }

    @Test
    void quotesMatchWhatTheChangeCharges() {
        JsonNode created = paidBasic("quoted");
        String id = created.at("/relay/id").asText();
        clock.advance(Duration.ofDays(10));
        JsonNode q = api.as(user, "GET", "/relays/" + id + "/quote?plan=growth", null)
                .json();
        assertThat(q.get("change").asText()).isEqualTo("upgrade");
        assertThat(q.get("takes_effect").asText()).isEqualTo("on_payment");
        assertThat(q.at("/next_renewal/amount").asLong()).isEqualTo(50_000);
        JsonNode up =
                api.as(user, "PUT", "/relays/" + id, "{\"plan\":\"growth\"}").json();
        JsonNode inv = invoice(up.get("upgrade_invoice").asText());
        assertThat(inv.get("amount").asLong())
                .isEqualTo(q.at("/charge_now/amount").asLong());
        assertThat(inv.at("/items/0/period_end").asLong())
                .isEqualTo(q.at("/charge_now/period_end").asLong());
        assertThat(q.at("/next_renewal/at").asLong())
                .isEqualTo(q.at("/charge_now/period_end").asLong());
        // a downgrade quote charges nothing and says when it applies; quotes change nothing
        JsonNode down =
                api.as(user, "GET", "/relays/" + id + "/quote?plan=free", null).json();
        assertThat(down.get("charge_now").isNull()).isTrue();
        assertThat(down.get("takes_effect").asText()).isEqualTo("next_renewal");
        assertThat(down.get("effective_at").asLong())
                .isEqualTo(q.at("/next_renewal/at").asLong());
        assertThat(relay(id).get("pending_plan").isNull()).isTrue();
        JsonNode fresh = api.as(user, "GET", "/quote?plan=growth", null).json();
        assertThat(fresh.get("change").asText()).isEqualTo("new");
        assertThat(fresh.at("/charge_now/amount").asLong()).isBetween(1L, 50_000L);
        assertThat(api.as(user, "GET", "/quote?plan=platinum", null).status()).isEqualTo(400);
        assertThat(api.as(user, "GET", "/quote", null).status()).isEqualTo(400);
        assertThat(api.as(user, "GET", "/tenants/" + user.pubkey() + "/relays", null)
                        .json()
                        .get("total")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void receiptsExistForPaidInvoicesOnly() {
        JsonNode created = create("receipted", "basic");
        String inv = created.at("/invoice/id").asText();
        assertThat(api.as(user, "GET", "/invoices/" + inv + "/receipt", null).status())
                .isEqualTo(409);
        String hash = payCurrentBolt11(inv);
        check(inv);
        JsonNode receipt =
                api.as(user, "GET", "/invoices/" + inv + "/receipt", null).json();
        assertThat(receipt.get("npub").asText()).startsWith("npub1");
        assertThat(receipt.get("payment_hash").asText()).isEqualTo(hash);
        assertThat(receipt.get("amount_paid").asLong()).isEqualTo(10_000);
        assertThat(receipt.get("platform").asText()).isNotBlank();
        assertThat(receipt.at("/items/0/period_end").asLong())
                .isGreaterThan(receipt.at("/items/0/period_start").asLong());
        assertThat(api.as(Keys.generate(), "GET", "/invoices/" + inv + "/receipt", null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void pollingIsBoundedPerTickAndOldestUncheckedFirst() throws Exception {
        java.util.List<String> hashes = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++)
            hashes.add(payments.ensureBolt11(
                            create("poll-" + i, "basic").at("/invoice/id").asText())
                    .paymentHash());
        // the app's own payment polling may already have looked some up: those count as checked
        java.util.List<String> early =
                wallet.lookups.stream().filter(hashes::contains).distinct().toList();
        java.util.List<String> never =
                hashes.stream().filter(h -> !early.contains(h)).toList();
        int n = PaymentConfirmation.LOOKUPS_PER_TICK;
        wallet.lookups.clear();
        payments.collect(n);
        assertThat(wallet.lookups).hasSize(n);
        assertThat(wallet.lookups).containsExactlyElementsOf(never.subList(0, n)); // never checked, oldest first
        wallet.lookups.clear();
        payments.collect(n);
        // the rest of the never checked come first, then the least recently checked
        int rest = never.size() - n;
        assertThat(wallet.lookups.subList(0, rest)).containsExactlyElementsOf(never.subList(n, never.size()));
        assertThat(wallet.lookups.get(rest)).isEqualTo(early.isEmpty() ? never.get(0) : early.get(0));
    }

    @Test
    void theAccountSummaryTellsTheNextRenewalNotTheAnchor() {
        paidBasic("summary");
        long anchor = api.as(user, "GET", "/tenants/" + user.pubkey(), null)
                .json()
                .get("billing_anchor")
                .asLong();
        JsonNode s = api.as(user, "GET", "/tenants/" + user.pubkey() + "/billing", null)
                .json();
        assertThat(s.at("/next_renewal/at").asLong()).isEqualTo(Cycles.boundary(anchor, 1));
        assertThat(s.at("/next_renewal/amount").asLong()).isEqualTo(10_000);
        assertThat(s.get("overdue")).isEmpty();
        runCycleAt(Instant.parse("2027-04-10T12:01:00Z"));
        clock.advance(Duration.ofDays(2));
        s = api.as(user, "GET", "/tenants/" + user.pubkey() + "/billing", null).json();
        assertThat(s.at("/next_renewal/at").asLong()).isEqualTo(Cycles.boundary(anchor, 2));
        assertThat(s.get("overdue")).hasSize(1);
        assertThat(s.at("/overdue/0/suspends_at").asLong())
                .isEqualTo(s.at("/overdue/0/due_at").asLong() + Renewals.GRACE_SECONDS);
        assertThat(s.at("/autopay/enabled").asBoolean()).isFalse();
        assertThat(s.at("/autopay/budget").asLong()).isEqualTo(10_000);
    }
}
