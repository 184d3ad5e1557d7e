package caravel.http;

import caravel.billing.LightningWallet;
import caravel.domain.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A call to the platform wallet, its outage answered as 503 with a sentence (the wallet's detail stays in the log). */
public final class WalletCalls {
    private static final Logger log = LoggerFactory.getLogger(WalletCalls.class);

    private WalletCalls() {}

    public interface WalletCall<T> {
        T call() throws LightningWallet.WalletException;
    }

    public static <T> T wallet(WalletCall<T> call) {
        try {
            return call.call();
        } catch (LightningWallet.WalletException e) {
            // the detail names the wallet's relays and how they failed: logs only
            log.warn("platform wallet call failed ({}): {}", e.code, e.getMessage());
            throw Failure.unavailable("the platform wallet did not answer; try again in a minute");
        }
    }
}
