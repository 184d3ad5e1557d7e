package caravel.domain;

import java.util.Locale;

/** The Bitcoin network whose invoices the platform accepts, by its BOLT-11 prefix. */
public enum LightningNetwork {
    MAINNET("lnbc"),
    TESTNET("lntb"),
    REGTEST("lnbcrt");

    public final String prefix;

    LightningNetwork(String prefix) {
        this.prefix = prefix;
    }

    /**
     * LIGHTNING_NETWORK's value: mainnet, testnet or regtest. Signet (lntbs) is refused: the decoder reads no
     * signet invoice, so a platform on signet could take no payment to a tenant's wallet.
     */
    public static LightningNetwork of(String name) {
        if (name.strip().equalsIgnoreCase("signet"))
            throw new IllegalArgumentException(
                    "signet is not supported: the BOLT-11 decoder reads mainnet, testnet and regtest invoices");
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be mainnet, testnet or regtest", e);
        }
    }
}
