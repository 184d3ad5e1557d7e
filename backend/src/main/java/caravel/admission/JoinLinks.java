package caravel.admission;

import caravel.domains.CustomDomains;
import caravel.store.Relay;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where paid admission sends people: a relay's join page on the app (their membership, the renewal), the relay's
 * public address, and the relay opened in Flotilla.
 *
 * @param appUrl the app's first public URL, where join pages live
 */
record JoinLinks(String appUrl, CustomDomains domains) {
    /** Where a member opens the relay: Flotilla's join route takes the relay URL as r. */
    static final String FLOTILLA_JOIN = "https://app.flotilla.social/join?r=";

    String joinPage(Relay r) {
        return appUrl + "/join/" + r.subdomain();
    }

    String relayUrl(Relay r) {
        return domains.publicUrl(r);
    }

    String flotillaLink(Relay r) {
        return FLOTILLA_JOIN + URLEncoder.encode(domains.publicUrl(r), StandardCharsets.UTF_8);
    }
}
