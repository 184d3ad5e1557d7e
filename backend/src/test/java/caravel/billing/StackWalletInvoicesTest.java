package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.domain.LightningNetwork;
import caravel.testing.LocalStack;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The invoices our development wallet service makes (stack/wallet, the bolt11 package as real Node wallets use it)
 * pass the check a relay owner's wallet's invoices must pass, and fail it for the wrong price or network.
 */
@Tag("peer")
class StackWalletInvoicesTest {
    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new LocalStack();
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @Test
    void theStackWalletsInvoicePassesForItsPriceAndFailsForAnother() throws Exception {
        try (NwcWallet owner = new NwcWallet(stack.get("tenant_nwc_url"), Duration.ofSeconds(5), Clock.systemUTC())) {
            LightningWallet.MadeInvoice made = owner.makeInvoice(21, "Membership: Town Square", 900);
            long now = System.currentTimeMillis() / 1000;
            Bolt11Check regtest = new Bolt11Check(LightningNetwork.REGTEST);
            Bolt11Check.Checked ok = regtest.check(made, 21, 900, now);
            assertThat(ok.paymentHash()).isEqualTo(made.paymentHash());
            assertThat(ok.amountMsat()).isEqualTo(21_000);
            assertThat(ok.expiresAt()).isBetween(now + 800, now + 1000);
            assertThatThrownBy(() -> regtest.check(made, 20, 900, now)).hasMessageContaining("instead of the 20 sats");
            assertThatThrownBy(() -> new Bolt11Check(LightningNetwork.MAINNET).check(made, 21, 900, now))
                    .hasMessageContaining("another network (lnbcrt");
        }
    }
}
