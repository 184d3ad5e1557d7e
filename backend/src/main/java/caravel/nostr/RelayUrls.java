package caravel.nostr;

import java.net.URI;
import java.util.Locale;

/** Relay URL normalization: wss:// added when no scheme is given, scheme and host lowercased, no trailing slash. */
public final class RelayUrls {
    private RelayUrls() {}

    public static String normalize(String raw) {
        String s = raw == null ? "" : raw.trim();
        if (s.isEmpty()) throw new IllegalArgumentException("empty relay URL");
        if (!s.contains("://")) s = "wss://" + s;
        URI u;
        try {
            u = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid relay URL '" + raw + "'");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss"))
            throw new IllegalArgumentException("relay URL must be ws:// or wss://: '" + raw + "'");
        if (u.getHost() == null) throw new IllegalArgumentException("relay URL has no host: '" + raw + "'");
        StringBuilder out =
                new StringBuilder(scheme).append("://").append(u.getHost().toLowerCase(Locale.ROOT));
        if (u.getPort() != -1) out.append(':').append(u.getPort());
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        out.append(path);
        if (u.getRawQuery() != null) out.append('?').append(u.getRawQuery());
        return out.toString();
    }
}
