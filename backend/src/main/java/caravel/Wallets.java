package caravel;

import caravel.billing.LightningWallet;
import caravel.billing.NwcWallet;
import caravel.config.Config;
import caravel.domain.Failure;
import caravel.net.OutboundPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** The wallets billing talks to: the platform's (from NWC_URL) and a factory for tenants' autopay wallets. */
public record Wallets(Optional<LightningWallet> platform, Function<String, LightningWallet> tenant) {
    public static Wallets none() {
        return new Wallets(Optional.empty(), url -> {
            throw Failure.invalid("wallet connections are not available");
        });
    }

    /**
     * Real NIP-47 wallets: the platform's from NWC_URL (Lightning billing is off without it; configured by the
     * administrators, so dialled as given), tenants' on demand under the outbound policy and their own timeout.
     */
    public static Wallets nwc(Config config, Clock clock) {
        Duration timeout = Duration.ofSeconds(20);
        OutboundPolicy tenantPolicy = OutboundPolicy.of(config.limits().outboundAllowLocal());
        Duration tenantTimeout = config.limits().tenantWalletTimeout();
        return new Wallets(
                config.nwcUrl().map(url -> new NwcWallet(url, timeout, clock)),
                url -> new NwcWallet(url, tenantTimeout, clock, tenantPolicy));
    }
}
