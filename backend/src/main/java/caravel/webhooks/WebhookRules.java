package caravel.webhooks;

import caravel.domain.Failure;
import caravel.domain.WebhookEvent;
import caravel.net.OutboundPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a webhook's owner may name: an https:// URL (http:// only where the outbound rules are lifted, the local stack)
 * whose host resolves to public addresses only, no credentials in it, and at least one known event. Each refusal names
 * its field and a stable code, and is made before anything is written.
 */
final class WebhookRules {
    static final int MAX_URL = 2000;

    private WebhookRules() {}

    static URI url(String given, OutboundPolicy policy) {
        if (given == null || given.isBlank()) throw refused("webhook_url_invalid", "a webhook needs a URL");
        if (given.length() > MAX_URL)
            throw refused("webhook_url_invalid", "the URL is longer than " + MAX_URL + " characters");
        URI uri;
        try {
            uri = new URI(given.strip());
        } catch (URISyntaxException e) {
            throw refused("webhook_url_invalid", "that is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null)
            throw refused("webhook_url_invalid", "the URL needs a scheme and a host, such as https://example.com/hook");
        if (uri.getUserInfo() != null)
            throw refused("webhook_url_invalid", "put no user name or password in the URL: deliveries are signed");
        if (uri.getFragment() != null) throw refused("webhook_url_invalid", "the URL must not have a #fragment");
        boolean httpAllowed = policy.allowsLocal() && scheme.equals("http");
        if (!scheme.equals("https") && !httpAllowed)
            throw refused("webhook_url_not_https", "a webhook URL must start with https://");
        try {
            policy.check(uri);
        } catch (OutboundPolicy.Refused e) {
            throw refused(
                    "webhook_url_not_public",
                    "the URL's host must resolve to public addresses only: private, loopback and link-local ones"
                            + " are refused");
        }
        return uri;
    }

    static List<String> events(List<String> given) {
        if (given == null || given.isEmpty())
            throw new Failure(Failure.Kind.INVALID, "webhook_events_invalid", "events", "pick at least one event");
        List<String> out = new ArrayList<>();
        for (String e : given) {
            if (WebhookEvent.ofWire(e).isEmpty())
                throw new Failure(Failure.Kind.INVALID, "webhook_events_invalid", "events", "no such event: " + e);
            if (!out.contains(e)) out.add(e);
        }
        return out;
    }

    private static Failure refused(String code, String message) {
        return new Failure(Failure.Kind.INVALID, code, "url", message);
    }
}
