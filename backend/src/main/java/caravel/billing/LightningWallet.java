package caravel.billing;

/** What billing needs from a Lightning wallet; the NIP-47 client implements it for both platform and tenant wallets. */
public interface LightningWallet {
    record MadeInvoice(String bolt11, String paymentHash, long expiresAt) {}

    /**
     * What lookup_invoice said. {@code preimage}, {@code amountMsat} and {@code paymentHash} are the wallet's own
     * words (null when it left them out): a caller that must not trust the wallet alone (paid admission, whose wallet
     * is a relay owner's) checks that the preimage hashes to the payment hash it asked about.
     */
    record Lookup(
            boolean settled, Long settledAt, boolean expired, String preimage, Long amountMsat, String paymentHash) {
        public Lookup(boolean settled, Long settledAt, boolean expired) {
            this(settled, settledAt, expired, null, null, null);
        }
    }

    record Info(String alias, java.util.List<String> methods) {}

    MadeInvoice makeInvoice(long amountSats, String description, long expirySeconds) throws WalletException;

    Lookup lookupInvoice(String paymentHash) throws WalletException;

    /** @return the preimage */
    String payInvoice(String bolt11) throws WalletException;

    Info getInfo() throws WalletException;

    /**
     * Hears this connection's payment_received notifications (NIP-47), each as the payment hash it names, until the
     * returned handle is closed; empty when the wallet does not send them (its info event does not offer them). What a
     * notification says is never proof of payment: the listener looks the invoice up.
     */
    default java.util.Optional<Listening> listen(java.util.function.Consumer<String> paymentHash)
            throws WalletException {
        return java.util.Optional.empty();
    }

    /** An open notification subscription. */
    interface Listening extends AutoCloseable {
        @Override
        void close();
    }

    /** A wallet error: NIP-47 code (or TIMEOUT / UNREACHABLE) and a message a user can read. */
    final class WalletException extends Exception {
        public final String code;

        public WalletException(String code, String message) {
            super(message);
            this.code = code;
        }

        /** True when the request may or may not have been carried out (no answer came back). */
        public boolean outcomeUnknown() {
            return code.equals("TIMEOUT");
        }
    }
}
