package caravel.billing;

/** What billing needs from a Lightning wallet; the NIP-47 client implements it for both platform and tenant wallets. */
public interface LightningWallet {
    record MadeInvoice(String bolt11, String paymentHash, long expiresAt) {}

    record Lookup(boolean settled, Long settledAt, boolean expired) {}

    record Info(String alias, java.util.List<String> methods) {}

    MadeInvoice makeInvoice(long amountSats, String description, long expirySeconds) throws WalletException;

    Lookup lookupInvoice(String paymentHash) throws WalletException;

    /** @return the preimage */
    String payInvoice(String bolt11) throws WalletException;

    Info getInfo() throws WalletException;

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
