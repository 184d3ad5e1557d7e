package caravel.billing;

import caravel.domain.LightningNetwork;
import fr.acinq.bitcoin.utils.Try;
import fr.acinq.lightning.MilliSatoshi;
import fr.acinq.lightning.payment.Bolt11Invoice;
import java.util.Locale;

/**
 * Reads a BOLT-11 invoice that a wallet Caravel does not control made (a relay owner's), before anyone is shown it or
 * it is stored: the wallet's answer alone could name one price and bill another. The invoice must decode with a valid
 * signature (ACINQ's lightning-kmp does the decoding and the signature check), be for the platform's network, ask
 * exactly the price, carry the payment hash the wallet reported, and expire within the time asked for.
 */
public final class Bolt11Check {
    /** Longer than any invoice a wallet makes for a price and a short description; a longer one is not decoded. */
    static final int MAX_LENGTH = 4096;
    /** How far the invoice's own clock may be from ours. */
    static final long CLOCK_SKEW_SECONDS = 600;
    /** The least time a person must have to pay. */
    static final long MIN_PAYABLE_SECONDS = 60;
    /** BOLT-11's expiry when the invoice names none. */
    static final long DEFAULT_EXPIRY_SECONDS = 3600;

    /** Why an invoice is not the one asked for, in words an owner can act on. */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason);
        }
    }

    /** What the invoice itself says: its expiry is the one to store, not the wallet's word for it. */
    public record Checked(long amountMsat, String paymentHash, long expiresAt) {}

    private final LightningNetwork network;

    public Bolt11Check(LightningNetwork network) {
        this.network = network;
    }

    public LightningNetwork network() {
        return network;
    }

    /**
     * @param made          the wallet's answer to make_invoice
     * @param amountSats    the price asked for
     * @param expirySeconds the expiry asked for
     * @param now           Unix seconds
     */
    public Checked check(LightningWallet.MadeInvoice made, long amountSats, long expirySeconds, long now)
            throws Refused {
        Bolt11Invoice invoice = decode(made.bolt11());
        String prefix = invoice.getPrefix().toLowerCase(Locale.ROOT);
        if (!prefix.equals(network.prefix))
            throw new Refused(
                    "the invoice is for another network (" + prefix + ", this platform takes " + network.prefix + ")");
        MilliSatoshi amount = invoice.getAmount();
        if (amount == null) throw new Refused("the invoice names no amount (the payer would choose it)");
        if (amount.getMsat() != amountSats * 1000)
            throw new Refused("the invoice asks " + describe(amount.getMsat()) + " instead of the " + amountSats
                    + " sats of the price");
        String hash = invoice.getPaymentHash().toHex().toLowerCase(Locale.ROOT);
        if (made.paymentHash() == null || !hash.equals(made.paymentHash().toLowerCase(Locale.ROOT)))
            throw new Refused("the invoice's payment hash is not the one the wallet reported");
        long created = invoice.getTimestampSeconds();
        if (created > now + CLOCK_SKEW_SECONDS || created < now - CLOCK_SKEW_SECONDS)
            throw new Refused("the invoice is dated " + (created > now ? "in the future" : "in the past") + " ("
                    + created + ", now " + now + ")");
        Long expiry = invoice.getExpirySeconds();
        long expiresAt = created + (expiry == null ? DEFAULT_EXPIRY_SECONDS : expiry);
        if (expiresAt < now + MIN_PAYABLE_SECONDS)
            throw new Refused("the invoice expires too soon to be paid (at " + expiresAt + ", now " + now + ")");
        if (expiresAt > now + expirySeconds + CLOCK_SKEW_SECONDS)
            throw new Refused("the invoice stays payable longer than asked (" + (expiresAt - now) + " s instead of "
                    + expirySeconds + " s)");
        return new Checked(amount.getMsat(), hash, expiresAt);
    }

    /** The invoice with a valid signature, or why not. */
    static Bolt11Invoice decode(String bolt11) throws Refused {
        if (bolt11 == null || bolt11.isBlank()) throw new Refused("the wallet gave no invoice");
        if (bolt11.length() > MAX_LENGTH)
            throw new Refused("the invoice is " + bolt11.length() + " characters long, more than " + MAX_LENGTH);
        Try<Bolt11Invoice> read;
        try {
            read = Bolt11Invoice.Companion.read(bolt11.strip());
        } catch (RuntimeException e) {
            throw new Refused("the invoice is not a valid BOLT-11 invoice (" + why(e, bolt11) + ")");
        }
        if (read.isFailure()) {
            throw new Refused("the invoice is not a valid BOLT-11 invoice ("
                    + why(((Try.Failure<Bolt11Invoice>) read).getError(), bolt11) + ")");
        }
        Bolt11Invoice invoice = read.get();
        // BOLT-11: a reader must not pay an invoice that requires (an even bit) a feature it does not know
        for (var unknown : invoice.getFeatures().getUnknown())
            if (unknown.getBitIndex() % 2 == 0)
                throw new Refused("the invoice is not a valid BOLT-11 invoice (it requires unknown feature "
                        + unknown.getBitIndex() + ")");
        return invoice;
    }

    /**
     * The decoder's reason without the invoice it quotes: a refusal is shown to the person joining, who must never
     * be handed an invoice that was refused (they could pay it).
     */
    private static String why(Throwable e, String bolt11) {
        String m = String.valueOf(e.getMessage());
        String s = bolt11.strip();
        for (String quoted : new String[] {s, s.toLowerCase(Locale.ROOT), s.toUpperCase(Locale.ROOT)})
            m = m.replace(quoted, "the invoice");
        return m.matches("(?s).*\\bln[a-z0-9]{20,}.*") || m.length() > 200
                ? e.getClass().getSimpleName()
                : m;
    }

    private static String describe(long msat) {
        return msat % 1000 == 0 ? msat / 1000 + " sats" : msat + " millisatoshis";
    }
}
