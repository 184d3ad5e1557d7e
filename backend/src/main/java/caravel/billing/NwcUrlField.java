package caravel.billing;

import caravel.domain.Failure;
import caravel.net.OutboundPolicy;
import caravel.nostr.NwcUri;

/**
 * A wallet connection as a tenant types it ({@code nwc_url}: autopay's, or a relay's admission wallet): well formed,
 * not too long, and its relays reached over wss:// (the policy's rule), or invalid input on the field. Checked before any
 * connection is made, so a bad URL never reaches the network.
 */
public final class NwcUrlField {
    /** Longer than any real NWC URL; bounds what is sealed and stored. */
    public static final int MAX_LENGTH = 2048;

    private NwcUrlField() {}

    public static NwcUri parse(String nwc, OutboundPolicy walletRelays) {
        if (nwc.length() > MAX_LENGTH) throw Failure.invalidField("nwc_url", "nwc_url is too long");
        NwcUri uri;
        try {
            uri = NwcUri.parse(nwc);
        } catch (IllegalArgumentException e) {
            throw Failure.invalidField("nwc_url", "nwc_url: " + e.getMessage());
        }
        for (String relay : uri.relays())
            if (walletRelays.schemeProblem(java.net.URI.create(relay)) != null)
                throw Failure.invalidField(
                        "nwc_url", "nwc_url: the wallet's relays must use wss:// (" + relay + " does not)");
        return uri;
    }
}
