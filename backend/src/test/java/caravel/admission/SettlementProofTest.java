package caravel.admission;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.billing.LightningWallet.Lookup;
import caravel.domain.InvoiceStatus;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * What Caravel believes of an owner's wallet that says an admission invoice is paid: only the preimage that hashes to
 * the invoice's own payment hash, for at least the price. The wallet is the owner's, but its answers are an outsider's
 * word: a buggy or hostile wallet service must not admit anyone.
 */
class SettlementProofTest {
    static final SecureRandom RANDOM = new SecureRandom();

    record Pair(String preimage, String hash) {}

    static Pair pair() {
        byte[] pre = new byte[32];
        RANDOM.nextBytes(pre);
        return new Pair(Hex.encode(pre), Hex.encode(Event.sha256(pre)));
    }

    static AdmissionInvoice invoice(String hash, long sats) {
        return new AdmissionInvoice(
                "inv",
                "relay",
                "a".repeat(64),
                AdmissionInvoice.Purpose.JOIN,
                sats,
                "lnbc1",
                hash,
                InvoiceStatus.PENDING,
                0,
                900,
                null,
                null,
                null,
                null);
    }

    final Pair mine = pair();
    final AdmissionInvoice inv = invoice(mine.hash(), 2_100);

    @Test
    void thePreimageOfTheInvoiceForThePriceIsAPayment() {
        assertThat(Settlements.refusal(inv, new Lookup(true, 1L, false, mine.preimage(), 2_100_000L, mine.hash())))
                .isEmpty();
        // upper-case hex, no amount or hash echoed (some wallets omit them): the preimage alone proves it
        assertThat(Settlements.refusal(
                        inv,
                        new Lookup(true, 1L, false, mine.preimage().toUpperCase(java.util.Locale.ROOT), null, null)))
                .isEmpty();
        // more than asked is still a payment
        assertThat(Settlements.refusal(inv, new Lookup(true, 1L, false, mine.preimage(), 5_000_000L, mine.hash())))
                .isEmpty();
    }

    @Test
    void settledWithoutProofIsNotBelieved() {
        assertThat(Settlements.refusal(inv, new Lookup(true, 1L, false, null, 2_100_000L, mine.hash())))
                .hasValueSatisfying(r -> assertThat(r).contains("no proof"));
        assertThat(Settlements.refusal(inv, new Lookup(true, 1L, false, "", 2_100_000L, mine.hash())))
                .isPresent();
        assertThat(Settlements.refusal(inv, new Lookup(true, 1L, false, "zz".repeat(32), 2_100_000L, mine.hash())))
                .isPresent();
        // a preimage of zeros, as some wallets send for "unknown"
        assertThat(Settlements.refusal(inv, new Lookup(true, 1L, false, "00".repeat(32), 2_100_000L, mine.hash())))
                .isPresent();
    }

    @Test
    void anotherInvoicesProofIsNotBelieved() {
        Pair old = pair();
        // a replayed preimage of an earlier, really paid invoice
        assertThat(Settlements.refusal(inv, new Lookup(true, 1L, false, old.preimage(), 2_100_000L, mine.hash())))
                .hasValueSatisfying(r -> assertThat(r).contains("does not match"));
        // the answer about another invoice altogether, with its true proof
        assertThat(Settlements.refusal(inv, new Lookup(true, 1L, false, old.preimage(), 2_100_000L, old.hash())))
                .hasValueSatisfying(r -> assertThat(r).contains("another payment"));
        // the hash itself passed off as the preimage
        assertThat(Settlements.refusal(inv, new Lookup(true, 1L, false, mine.hash(), 2_100_000L, mine.hash())))
                .isPresent();
    }

    @Test
    void lessThanThePriceIsNotAPayment() {
        assertThat(Settlements.refusal(inv, new Lookup(true, 1L, false, mine.preimage(), 2_099_999L, mine.hash())))
                .hasValueSatisfying(r -> assertThat(r).contains("less than"));
    }

    @Test
    void unsettledIsNotAPayment() {
        assertThat(Settlements.refusal(inv, new Lookup(false, null, false, mine.preimage(), 2_100_000L, mine.hash())))
                .isPresent();
    }
}
