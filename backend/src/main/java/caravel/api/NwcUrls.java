package caravel.api;

import caravel.nostr.Hex;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Shape check of a nostr+walletconnect:// URL (NIP-47): wallet pubkey, at least one relay, a 64-hex secret. */
public final class NwcUrls {
    private NwcUrls() {}

    public static void validate(String url) {
        if (url.length() > 2048) throw ApiException.badRequest("nwc_url is too long");
        if (!url.startsWith("nostr+walletconnect://")) throw ApiException.badRequest("nwc_url must start with nostr+walletconnect://");
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("nwc_url is not a valid URL");
        }
        String pubkey = u.getHost() != null ? u.getHost() : u.getAuthority();
        if (pubkey == null || !Hex.isLowerHex(pubkey, 32)) throw ApiException.badRequest("nwc_url must name the wallet's 64-hex public key");
        boolean relay = false, secret = false;
        for (String part : (u.getRawQuery() == null ? "" : u.getRawQuery()).split("&")) {
            int eq = part.indexOf('=');
            if (eq < 0) continue;
            String k = part.substring(0, eq), v = URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            if (k.equals("relay") && (v.startsWith("wss://") || v.startsWith("ws://"))) relay = true;
            if (k.equals("secret")) {
                if (!Hex.isLowerHex(v, 32)) throw ApiException.badRequest("nwc_url secret must be 64 hex characters");
                secret = true;
            }
        }
        if (!relay) throw ApiException.badRequest("nwc_url must include a relay=wss://... parameter");
        if (!secret) throw ApiException.badRequest("nwc_url must include a secret parameter");
    }
}
