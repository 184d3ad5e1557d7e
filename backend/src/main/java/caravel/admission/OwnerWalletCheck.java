package caravel.admission;

import caravel.billing.LightningWallet;
import caravel.billing.NwcUrlField;
import caravel.domain.Failure;
import caravel.net.OutboundPolicy;
import caravel.store.Relay;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check of the wallet an owner connects, for {@link AdmissionSettings}: a well formed connection whose relays use
 * wss://, and whose get_info offers what a join page needs; then sealed, never shown or logged again.
 *
 * @param wallets      owners' wallets by NWC URL, through a gate that bounds how many are checked at once and for
 *                     how long (a request waits on the check)
 * @param walletRelays where a wallet's relays may be
 * @param rules        seals the connection
 */
record OwnerWalletCheck(Function<String, LightningWallet> wallets, OutboundPolicy walletRelays, Admissions rules) {
    private static final Logger log = LoggerFactory.getLogger(OwnerWalletCheck.class);

    /**
     * A wallet is connected only when the URL is well formed, its relays use wss://, and its get_info offers what a
     * join page needs. The URL and the wallet's transport errors (hosts, ports) never reach the answer or the log.
     */
    LightningWallet.Info check(Relay r, String nwc) {
        if (nwc.isEmpty())
            throw Failure.invalidField(
                    "nwc_url",
                    "nwc_url must be a wallet connection (nostr+walletconnect://...), or null to disconnect");
        NwcUrlField.parse(nwc, walletRelays);
        LightningWallet.Info info;
        LightningWallet w = wallets.apply(nwc);
        try {
            info = w.getInfo();
        } catch (LightningWallet.WalletException e) {
            log.info("admission wallet check for relay {} failed ({})", r.id(), e.code);
            throw switch (e.code) {
                case "TIMEOUT", "UNREACHABLE", "BAD_RESPONSE", "BUSY", "RATE_LIMITED", "INTERNAL" ->
                    new Failure(
                            Failure.Kind.UNAVAILABLE,
                            "wallet_unavailable",
                            "nwc_url",
                            "Your wallet did not answer: check the connection string and that the wallet is online,"
                                    + " then try again.");
                // the wallet itself answered with a NIP-47 error: its code and words are the owner's to know
                default ->
                    new Failure(
                            Failure.Kind.UPSTREAM,
                            "wallet_refused",
                            "nwc_url",
                            "Your wallet refused the connection check (" + e.code + "): " + e.getMessage());
            };
        } finally {
            close(w);
        }
        List<String> offered = info.methods() == null ? List.of() : info.methods();
        List<String> missing = new ArrayList<>();
        for (String m : AdmissionSettings.NEEDED_METHODS) if (!offered.contains(m)) missing.add(m);
        if (!missing.isEmpty())
            throw Failure.invalidField(
                    "nwc_url",
                    "This wallet connection does not allow " + String.join(" and ", missing)
                            + ", which admission payments need (make_invoice to bill each member, lookup_invoice to"
                            + " see the payment). Make a connection with those permissions in your wallet.");
        return info;
    }

    /** The connection, sealed for the relay's row. */
    String seal(String relayId, String nwc) {
        return rules.sealWallet(relayId, nwc);
    }

    private static void close(LightningWallet w) {
        if (w instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing an admission wallet connection failed: {}", e.getMessage());
            }
        }
    }
}
