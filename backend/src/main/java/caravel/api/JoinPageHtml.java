package caravel.api;

import caravel.admission.JoinPages;
import caravel.store.Relay;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML of a relay's join page, and the visits that lead to it. {@code /join/<subdomain>} is the web app's shell
 * with the relay's name, description and icon in its title and its Open Graph and Twitter tags, so a link shared in
 * a Nostr app previews the community before any JavaScript runs; link previewers send all sorts of Accept headers, so
 * the page is served whatever they accept. Everything in those tags is the owner's own text and HTML-escaped.
 *
 * <p>A relay's custom domain reaches Caravel only for what the proxy sends here (deploy/Caddyfile: a browser's visit
 * to {@code /} and every {@code /join}); such a visit is redirected to the join page on the app, where sign-in and
 * payment work (NIP-98 signs the app's URL, and the app's scripts and API live at its origin).
 */
final class JoinPageHtml {
    private static final Pattern JOIN_PATH = Pattern.compile("^/join/([^/]+)/?$");
    private static final Pattern TITLE = Pattern.compile("(?is)<title>.*?</title>");
    private static final Pattern DESCRIPTION = Pattern.compile("(?i)<meta\\s+name=\"description\"[^>]*>\\s*");
    /** Preview text is short in every app that shows it; longer descriptions are cut with an ellipsis. */
    static final int MAX_DESCRIPTION = 300;

    private final JoinPages pages;
    /** The web app's index.html, or null when this jar serves no web app. */
    private final byte[] index;

    private final Set<String> appHosts;
    private final boolean trustProxy;

    /**
     * @param appHosts   the app's own hosts (PUBLIC_URL): never a custom domain, so their visits cost no lookup
     * @param trustProxy TRUST_PROXY: the proxy's X-Forwarded-Host names the host the visitor asked for
     */
    JoinPageHtml(JoinPages pages, byte[] index, Set<String> appHosts, boolean trustProxy) {
        this.pages = pages;
        this.index = index;
        this.appHosts = appHosts;
        this.trustProxy = trustProxy;
    }

    /** Before the web app's fallback: a visit to a custom domain's home or join page goes to the join page. */
    void customDomain(Context ctx) {
        if (!isRead(ctx)) return;
        String path = ctx.path();
        if (!path.equals("/") && !path.equals("/join") && !path.equals("/join/")) return;
        String host = NameRoutes.requestHost(ctx, trustProxy);
        String bare = host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        if (bare.isEmpty() || appHosts.contains(bare)) return;
        Optional<Relay> r = pages.forCustomHost(bare);
        if (r.isEmpty()) return;
        ctx.header("Cache-Control", "no-cache");
        ctx.redirect(pages.joinUrl(r.get()), io.javalin.http.HttpStatus.FOUND);
        ctx.skipRemainingHandlers();
    }

    /** Before the web app's fallback: /join/<subdomain> gets the shell with the relay's preview tags. */
    void joinPage(Context ctx) {
        if (index == null || !isRead(ctx)) return;
        Matcher m = JOIN_PATH.matcher(ctx.path());
        if (!m.matches()) return;
        Optional<Relay> r = pages.find(m.group(1));
        ctx.header("Cache-Control", "no-cache");
        // an unknown community still gets the app (which says so), with the status a previewer understands
        if (r.isEmpty()) ctx.status(404);
        String html = new String(index, StandardCharsets.UTF_8);
        ctx.contentType("text/html; charset=utf-8").result(r.isEmpty() ? html : render(html, pages.info(r.get())));
        ctx.skipRemainingHandlers();
    }

    private static boolean isRead(Context ctx) {
        String method = ctx.method().name();
        return method.equals("GET") || method.equals("HEAD");
    }

    /** The shell with the relay's title and preview tags in place of the app's own. */
    static String render(String shell, JoinPages.Info info) {
        String name = clean(info.name());
        String description = preview(info);
        StringBuilder tags = new StringBuilder();
        tags.append("<title>").append(escape("Join " + name)).append("</title>\n");
        meta(tags, "name", "description", description);
        meta(tags, "property", "og:type", "website");
        meta(tags, "property", "og:site_name", "Caravel");
        meta(tags, "property", "og:title", name);
        meta(tags, "property", "og:description", description);
        meta(tags, "property", "og:url", info.joinUrl());
        if (info.icon() != null) meta(tags, "property", "og:image", info.icon());
        meta(tags, "name", "twitter:card", "summary");
        meta(tags, "name", "twitter:title", name);
        meta(tags, "name", "twitter:description", description);
        if (info.icon() != null) meta(tags, "name", "twitter:image", info.icon());
        String out = DESCRIPTION.matcher(shell).replaceAll("");
        Matcher title = TITLE.matcher(out);
        if (title.find()) return title.replaceFirst(Matcher.quoteReplacement(tags.toString()));
        int head = out.toLowerCase(Locale.ROOT).indexOf("</head>");
        return head < 0 ? tags + out : out.substring(0, head) + tags + out.substring(head);
    }

    /** The description, else a sentence about the community, then what joining costs. */
    static String preview(JoinPages.Info info) {
        String d = clean(info.description());
        if (d.isEmpty()) d = "A Nostr community on Caravel.";
        if (d.length() > MAX_DESCRIPTION)
            d = d.substring(0, MAX_DESCRIPTION - 1).strip() + "…";
        String price = switch (info.mode()) {
            case "once" -> "Join for " + sats(info.priceSats()) + ".";
            case "monthly" ->
                "Join for " + sats(info.priceSats()) + " a month"
                        + (info.trialDays() > 0 ? ", " + info.trialDays() + " days free" : "") + ".";
            default -> "Invite only.";
        };
        return d + " " + price;
    }

    private static String sats(long n) {
        return String.format(Locale.ROOT, "%,d sats", n);
    }

    private static void meta(StringBuilder out, String attr, String key, String content) {
        out.append("    <meta ")
                .append(attr)
                .append("=\"")
                .append(key)
                .append("\" content=\"")
                .append(escape(content))
                .append("\" />\n");
    }

    /** One line of text: control characters and line breaks become spaces. */
    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }

    /** The characters that could end an element's text or a quoted attribute, each with the entity that stands for it. */
    private static final Map<Character, String> ENTITIES =
            Map.of('&', "&amp;", '<', "&lt;", '>', "&gt;", '"', "&quot;", '\'', "&#39;");

    /** Text safe inside an element and inside a double- or single-quoted attribute. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String entity = ENTITIES.get(c);
            if (entity == null) out.append(c);
            else out.append(entity);
        }
        return out.toString();
    }
}
