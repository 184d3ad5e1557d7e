package caravel.api;

import caravel.config.Config;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headers on every response. The Content-Security-Policy allows scripts only from this origin plus the exact inline
 * scripts of the served index.html (by sha256, computed from the file itself, so an edit there cannot silently break
 * or widen it); connections only to this origin and wss: relays (ws: too when OUTBOUND_ALLOW_LOCAL is set, for the
 * local stack's relays). HSTS is sent when the public URL is https (TLS ends at the proxy in front).
 */
final class SecurityHeaders {
    private static final Pattern INLINE_SCRIPT =
            Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>", Pattern.DOTALL);
    private final String csp;
    private final boolean hsts;

    SecurityHeaders(Config config, byte[] indexHtml) {
        List<String> hashes =
                indexHtml == null ? List.of() : inlineScriptHashes(new String(indexHtml, StandardCharsets.UTF_8));
        StringBuilder scripts = new StringBuilder("'self'");
        for (String h : hashes) scripts.append(" 'sha256-").append(h).append('\'');
        String connect = "'self' wss:" + (config.limits().outboundAllowLocal() ? " ws:" : "");
        this.csp = String.join(
                "; ",
                "default-src 'self'",
                "script-src " + scripts,
                // Solid and the component library set style attributes at run time
                "style-src 'self' 'unsafe-inline'",
                // relay icons are any https image the owner chose
                "img-src 'self' https: data: blob:",
                "connect-src " + connect,
                "font-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
        this.hsts = config.publicUrls().stream().allMatch(u -> u.startsWith("https://"));
    }

    /**
     * The sha256 of each distinct inline script, in the order first seen. The pages are read as one text (index.html,
     * the prerendered pages and the signed-in frame) and each carries the same theme script: one hash is enough for
     * the browser, and a header that repeats it reads as a mistake.
     */
    static List<String> inlineScriptHashes(String html) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = INLINE_SCRIPT.matcher(html);
        while (m.find()) {
            try {
                byte[] d =
                        MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
                out.add(Base64.getEncoder().encodeToString(d));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return List.copyOf(out);
    }

    String csp() {
        return csp;
    }

    void apply(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", csp);
        if (hsts) ctx.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
}
