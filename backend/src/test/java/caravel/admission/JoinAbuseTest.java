package caravel.admission;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.domain.LightningNetwork;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.Bolt11Invoices;
import caravel.testing.BothDatabases;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joins that try to cheat the join page, end to end: an owner's wallet that bills more than the price or hands out
 * another invoice, and strangers who make invoices with fresh keys until the owner's wallet and the database fill.
 * Each attack is run and seen refused, with nothing stored for it.
 */
@Tag("peer")
@BothDatabases
class JoinAbuseTest {
    static final long PRICE = 10;
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    CommunityFixture fx;
    App app;

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    void start(Map<String, String> env) throws Exception {
        fx = CommunityFixture.start(dir, CommunityFixture.Options.defaults().withEnv(env), "Town Square", "town");
        app = fx.backend.app;
        new TownAdmission(fx).sell(RelayAdmission.Mode.ONCE, PRICE, 0, "");
    }

    /** POST /join signed by {@code who}, with the response's headers. */
    HttpResponse<String> join(Keys who) throws Exception {
        String url = fx.api.base() + "/admissions/town/join";
        byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", Api.nip98(who, url, "POST", body, fx.clock.seconds()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    static String code(HttpResponse<String> r) {
        return new Api.Response(r.statusCode(), r.body()).json().path("code").asText();
    }

    int invoiceRows() {
        return Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM admission_invoices WHERE relay_id = :r")
                        .bind("r", fx.relayId)
                        .mapTo(Integer.class)
                        .one());
    }

    void refused(Keys who, String because) throws Exception {
        HttpResponse<String> r = join(who);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        assertThat(code(r)).isEqualTo("wallet_refused");
        assertThat(r.body()).as("no invoice is shown").contains(because).doesNotContain("lnbcrt1");
        assertThat(invoiceRows()).as("nothing stored").isZero();
        assertThat(fx.api
                        .as(who, "GET", "/admissions/town/me", null)
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("none");
    }

    @Test
    void anOwnersWalletThatBillsAnotherAmountOrHandsOutAnotherInvoiceIsRefusedAndNothingIsStored() throws Exception {
        start(Map.of("ADMISSION_OPEN_JOIN_INVOICES", "5"));
        Keys stranger = Keys.generate();

        // the finding: every invoice for 1000 times the price, while the page and the records say the price
        fx.wallet.billTimes = 1000;
        refused(stranger, "asks 10000 sats instead of the 10 sats of the price");
        fx.wallet.billTimes = 1;

        // an invoice of the right amount whose payment hash is not the one the wallet reports (so a payment to it
        // would never be found, or another invoice's preimage would be offered as its proof)
        fx.wallet.cheat = m -> new caravel.billing.LightningWallet.MadeInvoice(
                Bolt11Invoices.make(LightningNetwork.REGTEST, PRICE * 1000, fx.clock.seconds(), 900)
                        .bolt11(),
                m.paymentHash(),
                m.expiresAt());
        refused(stranger, "payment hash is not the one the wallet reported");

        // a mainnet invoice on a regtest platform, and text that is no invoice at all
        fx.wallet.cheat = m -> {
            var main = Bolt11Invoices.make(LightningNetwork.MAINNET, PRICE * 1000, fx.clock.seconds(), 900);
            return new caravel.billing.LightningWallet.MadeInvoice(main.bolt11(), main.paymentHash(), m.expiresAt());
        };
        refused(stranger, "another network (lnbc, this platform takes lnbcrt)");
        fx.wallet.cheat = m -> new caravel.billing.LightningWallet.MadeInvoice("lnbcrt10n1fake", m.paymentHash(), 0);
        refused(stranger, "not a valid BOLT-11 invoice");
        // an invoice payable for a year, where 15 minutes were asked
        fx.wallet.cheat = m -> {
            var year = Bolt11Invoices.make(LightningNetwork.REGTEST, PRICE * 1000, fx.clock.seconds(), 365L * 86_400);
            return new caravel.billing.LightningWallet.MadeInvoice(year.bolt11(), year.paymentHash(), m.expiresAt());
        };
        refused(stranger, "stays payable longer than asked");
        fx.wallet.cheat = null;

        // an honest invoice is stored as the wallet made it, with the expiry the invoice itself names
        long asked = fx.clock.seconds();
        HttpResponse<String> ok = join(stranger);
        long answered = fx.clock.seconds();
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        var invoice = new Api.Response(ok.statusCode(), ok.body()).json().path("invoice");
        String hash = invoice.path("payment_hash").asText();
        assertThat(invoice.path("bolt11").asText())
                .isEqualTo(fx.wallet.invoices.get(hash).bolt11());
        assertThat(invoice.path("amount_sats").asLong()).isEqualTo(PRICE);
        // the clock follows the wall's: its second may turn while the invoice is made
        assertThat(invoice.path("expires_at").asLong())
                .isBetween(asked + Joins.JOIN_EXPIRY_SECONDS, answered + Joins.JOIN_EXPIRY_SECONDS);

        // open join invoices per relay are bounded: 100 fresh keys do not make 100 invoices at the owner's wallet
        int made = fx.wallet.makeCalls.get();
        int created = 1, limited = 0;
        long retryAfter = 0;
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = join(Keys.generate());
            if (r.statusCode() == 201) created++;
            else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                assertThat(code(r)).isEqualTo("too_many_open_invoices");
                retryAfter =
                        Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
                limited++;
            }
        }
        assertThat(created).isEqualTo(5);
        assertThat(limited).isEqualTo(6);
        assertThat(invoiceRows()).isEqualTo(5);
        assertThat(fx.wallet.makeCalls.get() - made)
                .as("the wallet was asked only for the allowed ones")
                .isEqualTo(4);
        // until the first open one runs out
        assertThat(retryAfter).isBetween(1L, Joins.JOIN_EXPIRY_SECONDS);

        // once the open ones run out, joining works again
        fx.clock.advance(java.time.Duration.ofSeconds(Joins.JOIN_EXPIRY_SECONDS + 1));
        assertThat(join(Keys.generate()).statusCode()).isEqualTo(201);
    }

    @Test
    void joinsFromOneAddressAreBoundedWhateverKeysTheyUse() throws Exception {
        start(Map.of("RATE_JOINS_PER_HOUR_IP", "3"));
        for (int i = 0; i < 3; i++)
            assertThat(join(Keys.generate()).statusCode()).isEqualTo(201);
        HttpResponse<String> fourth = join(Keys.generate());
        assertThat(fourth.statusCode()).as(fourth.body()).isEqualTo(429);
        assertThat(fourth.body()).contains("too many joins from your address");
        assertThat(Long.parseLong(fourth.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 3600L);
        assertThat(invoiceRows()).isEqualTo(3);
    }
}
