package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.domain.LightningNetwork;
import caravel.testing.Bolt11Invoices;
import fr.acinq.lightning.payment.Bolt11Invoice;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoder against the BOLT-11 specification's own examples (test resources bolt11/), then the check against
 * invoices a cheating wallet would make: each is signed and well formed, and each is refused for what it cheats on.
 */
class Bolt11CheckTest {
    static final String SPEC_NODE = "03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad";
    static final long SPEC_TIME = 1496314658;
    static final long NOW = 1_800_000_000;

    static List<String[]> rows(String name) throws IOException {
        try (InputStream in = Bolt11CheckTest.class.getResourceAsStream("/bolt11/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .map(l -> l.split("\t"))
                    .toList();
        }
    }

    @Test
    void everyValidSpecificationExampleDecodesWithItsAmountHashAndSigner() throws Exception {
        List<String[]> valid = rows("valid.tsv");
        assertThat(valid).hasSize(2);
        for (String[] v : valid) {
            Bolt11Invoice inv = Bolt11Check.decode(v[2]);
            assertThat(inv.getAmount().getMsat()).as(v[2]).isEqualTo(Long.parseLong(v[0]));
            assertThat(inv.getPaymentHash().toHex()).as(v[2]).isEqualTo(v[1]);
            assertThat(inv.getPrefix().toLowerCase(java.util.Locale.ROOT)).isEqualTo("lnbc");
            if (inv.getTimestampSeconds() == SPEC_TIME)
                assertThat(inv.getNodeId().toHex())
                        .as("the signer recovered from the signature")
                        .isEqualTo(SPEC_NODE);
        }
    }

    @Test
    void theOlderExamplesWithoutAPaymentSecretAreRefusedAsAPayerWould() throws Exception {
        List<String[]> legacy = rows("legacy.tsv");
        assertThat(legacy).hasSize(6);
        for (String[] v : legacy)
            assertThatThrownBy(() -> Bolt11Check.decode(v[2]))
                    .as(v[2])
                    .isInstanceOf(Bolt11Check.Refused.class)
                    .hasMessageContaining("var_onion_optin");
    }

    @Test
    void theExampleWithFieldsToIgnoreIsRefusedWhichErrsOnTheSafeSide() throws Exception {
        // a fallback address of an unknown type must be ignored by the letter of BOLT-11; lightning-kmp refuses it.
        // No wallet puts one in an invoice for a price, and refusing costs a 502, never money.
        String[] ignored = rows("ignored-fields.tsv").get(0);
        assertThatThrownBy(() -> Bolt11Check.decode(ignored[2])).hasMessageContaining("segwit");
    }

    @Test
    void everyInvalidSpecificationExampleIsRefused() throws Exception {
        List<String[]> invalid = rows("invalid.tsv");
        assertThat(invalid).hasSize(8);
        for (String[] v : invalid)
            assertThatThrownBy(() -> Bolt11Check.decode(v[1]))
                    .as(v[0])
                    .isInstanceOf(Bolt11Check.Refused.class)
                    .hasMessageContaining("not a valid BOLT-11 invoice")
                    // a refusal is shown to the person joining: it never hands them the refused invoice
                    .message()
                    .doesNotContain(v[1].substring(0, 30).toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void aSpecificationExamplePassesTheCheckForItsOwnNetworkAmountAndHash() throws Exception {
        String[] coffee = rows("valid.tsv").get(0);
        var made = new LightningWallet.MadeInvoice(coffee[2], coffee[1], 0);
        var ok = new Bolt11Check(LightningNetwork.MAINNET).check(made, 2_500_000, 3600, SPEC_TIME);
        assertThat(ok.expiresAt()).isEqualTo(SPEC_TIME + 3600);
        assertThatThrownBy(() -> new Bolt11Check(LightningNetwork.REGTEST).check(made, 2_500_000, 3600, SPEC_TIME))
                .hasMessageContaining("another network (lnbc, this platform takes lnbcrt)");
    }

    Bolt11Check regtest = new Bolt11Check(LightningNetwork.REGTEST);

    LightningWallet.MadeInvoice made(Bolt11Invoices.Made m) {
        return new LightningWallet.MadeInvoice(m.bolt11(), m.paymentHash(), NOW + 900);
    }

    @Test
    void anInvoiceAskingTheRightThingPasses() throws Exception {
        var m = Bolt11Invoices.make(LightningNetwork.REGTEST, 10_000, NOW, 900);
        var ok = regtest.check(made(m), 10, 900, NOW);
        assertThat(ok.amountMsat()).isEqualTo(10_000);
        assertThat(ok.paymentHash()).isEqualTo(m.paymentHash());
        assertThat(ok.expiresAt()).isEqualTo(NOW + 900);
    }

    @Test
    void aWalletBillingAThousandTimesThePriceIsRefused() {
        var m = Bolt11Invoices.make(LightningNetwork.REGTEST, 10_000_000, NOW, 900);
        assertThatThrownBy(() -> regtest.check(made(m), 10, 900, NOW))
                .hasMessageContaining("asks 10000 sats instead of the 10 sats of the price");
        var less = Bolt11Invoices.make(LightningNetwork.REGTEST, 9_999, NOW, 900);
        assertThatThrownBy(() -> regtest.check(made(less), 10, 900, NOW)).hasMessageContaining("9999 millisatoshis");
    }

    @Test
    void anInvoiceWithoutAnAmountIsRefused() {
        var m = Bolt11Invoices.withoutAmount(LightningNetwork.REGTEST, NOW, 900);
        assertThatThrownBy(() -> regtest.check(made(m), 10, 900, NOW)).hasMessageContaining("names no amount");
    }

    @Test
    void aPaymentHashOtherThanTheReportedOneIsRefused() {
        var m = Bolt11Invoices.make(LightningNetwork.REGTEST, 10_000, NOW, 900);
        char[] other = m.paymentHash().toCharArray();
        other[0] = other[0] == 'a' ? 'b' : 'a';
        var lie = new LightningWallet.MadeInvoice(m.bolt11(), new String(other), NOW + 900);
        assertThatThrownBy(() -> regtest.check(lie, 10, 900, NOW)).hasMessageContaining("payment hash");
    }

    @Test
    void everyOtherNetworkIsRefused() {
        for (LightningNetwork n : LightningNetwork.values()) {
            if (n == LightningNetwork.REGTEST) continue;
            var m = Bolt11Invoices.make(n, 10_000, NOW, 900);
            assertThatThrownBy(() -> regtest.check(made(m), 10, 900, NOW))
                    .as(n.name())
                    .hasMessageContaining("another network (" + n.prefix + ",");
        }
    }

    @Test
    void expiriesOutOfRangeAreRefused() {
        var soon = Bolt11Invoices.make(LightningNetwork.REGTEST, 10_000, NOW, 30);
        assertThatThrownBy(() -> regtest.check(made(soon), 10, 900, NOW)).hasMessageContaining("too soon");
        var forAYear = Bolt11Invoices.make(LightningNetwork.REGTEST, 10_000, NOW, 365L * 86_400);
        assertThatThrownBy(() -> regtest.check(made(forAYear), 10, 900, NOW)).hasMessageContaining("longer than asked");
        var old = Bolt11Invoices.make(LightningNetwork.REGTEST, 10_000, NOW - 86_400, 900);
        assertThatThrownBy(() -> regtest.check(made(old), 10, 900, NOW)).hasMessageContaining("in the past");
        var future = Bolt11Invoices.make(LightningNetwork.REGTEST, 10_000, NOW + 86_400, 900);
        assertThatThrownBy(() -> regtest.check(made(future), 10, 900, NOW)).hasMessageContaining("in the future");
    }

    @Test
    void garbageNothingAndAHugeStringAreRefusedWithoutDecoding() {
        for (String s : new String[] {null, "", "lnbcrt1000n1abc", "hello"})
            assertThatThrownBy(() -> regtest.check(new LightningWallet.MadeInvoice(s, "00", NOW), 1, 900, NOW))
                    .isInstanceOf(Bolt11Check.Refused.class);
        char[] huge = new char[100_000];
        Arrays.fill(huge, 'q');
        assertThatThrownBy(() -> Bolt11Check.decode("lnbcrt1" + new String(huge)))
                .hasMessageContaining("more than");
    }

    @Test
    void networkNamesAreReadAsConfigured() {
        assertThat(LightningNetwork.of(" Regtest ")).isEqualTo(LightningNetwork.REGTEST);
        assertThat(LightningNetwork.of("testnet").prefix).isEqualTo("lntb");
        assertThatThrownBy(() -> LightningNetwork.of("bitcoin")).hasMessageContaining("mainnet, testnet");
        // the decoder (lightning-kmp 1.8.4) knows no signet prefix: a platform on signet could check no invoice
        assertThatThrownBy(() -> LightningNetwork.of("signet")).hasMessageContaining("signet");
    }
}
