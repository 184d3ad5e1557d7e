package caravel.nostr;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A NIP-47 connection URI: nostr+walletconnect://<wallet pubkey>?relay=...&secret=...[&lud16=...]. */
public record NwcUri(String walletPubkey, List<String> relays, Keys clientKeys, String lud16) {
    private static final String SCHEME = "nostr+walletconnect://";
    /** Each relay is dialled on every wallet call: a connection naming dozens would make Caravel dial dozens. */
    public static final int MAX_RELAYS = 3;

    /** Parses and validates; throws IllegalArgumentException with a message a user can act on. */
    public static NwcUri parse(String uri) {
        if (uri == null || !uri.trim().toLowerCase(Locale.ROOT).startsWith(SCHEME))
            throw new IllegalArgumentException("a wallet connection must start with nostr+walletconnect://");
        String rest = uri.trim().substring(SCHEME.length());
        int q = rest.indexOf('?');
        String pubkey =
                (q < 0 ? rest : rest.substring(0, q)).replaceAll("/+$", "").toLowerCase(Locale.ROOT);
        if (!Hex.isLowerHex(pubkey, 32))
            throw new IllegalArgumentException("the wallet connection must name the wallet's 64-hex public key");
        if (!Schnorr.isValidXOnly(Hex.decode(pubkey)))
            throw new IllegalArgumentException(
                    "the wallet's public key in the connection is not a valid key (check that it was copied whole)");
        List<String> relays = new ArrayList<>();
        String secret = null, lud16 = null;
        if (q >= 0) {
            for (String part : rest.substring(q + 1).split("&", -1)) {
                int eq = part.indexOf('=');
                if (eq <= 0) continue;
                String k = part.substring(0, eq), v;
                try {
                    v = URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "the wallet connection's '" + k + "' value has a broken %-escape");
                }
                switch (k) {
                    case "relay" -> {
                        try {
                            String r = RelayUrls.normalize(v);
                            if (!relays.contains(r)) relays.add(r);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(
                                    "the wallet connection has an invalid relay: " + e.getMessage());
                        }
                        if (relays.size() > MAX_RELAYS)
                            throw new IllegalArgumentException(
                                    "the wallet connection names more than " + MAX_RELAYS + " relays");
                    }
                    case "secret" -> secret = v;
                    case "lud16" -> lud16 = v;
                    default -> {}
                }
            }
        }
        if (relays.isEmpty())
            throw new IllegalArgumentException("the wallet connection must include at least one relay");
        if (secret == null || !Hex.isLowerHex(secret.toLowerCase(Locale.ROOT), 32))
            throw new IllegalArgumentException("the wallet connection must include a 64-hex secret");
        Keys keys;
        try {
            keys = Keys.parse(secret.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the wallet connection's secret is not a valid key");
        }
        return new NwcUri(pubkey, List.copyOf(relays), keys, lud16);
    }

    @Override
    public String toString() {
        return "NwcUri[" + walletPubkey + " via " + relays + "]";
    }
}
