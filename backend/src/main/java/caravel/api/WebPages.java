package caravel.api;

import caravel.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The HTML a browser navigation gets. The web build (web/scripts/prerender.ts) prerenders the public pages (the
 * marketing page into pages/home.html, the login page into pages/login.html) and the dashboard's frame into
 * pages/frame.html, so they paint before the app's JavaScript runs; index.html, the plain shell, serves every other
 * path. A build without them serves index.html everywhere.
 */
final class WebPages {
    /** Path → prerendered file under pages/; kept in step with PRERENDERED in web/src/App.tsx. */
    static final Map<String, String> PRERENDERED = Map.of("/", "home", "/login", "login");
    /** Signed-in areas: their pages get the dashboard's frame until the app has their data. */
    static final java.util.List<String> FRAMED = java.util.List.of("/relays", "/account", "/admin");

    private final byte[] index;
    private final Map<String, byte[]> pages;

    private final byte[] frame;

    private WebPages(byte[] index, Map<String, byte[]> pages, byte[] frame) {
        this.index = index;
        this.pages = pages;
        this.frame = frame;
    }

    /** null when the web app is not built into this jar (API only). */
    static WebPages load(Config config) {
        byte[] index = read(config, "index.html");
        if (index == null) return null;
        var pages = new java.util.HashMap<String, byte[]>();
        PRERENDERED.forEach((path, name) -> {
            byte[] html = read(config, "pages/" + name + ".html");
            if (html != null) pages.put(path, html);
        });
        return new WebPages(index, Map.copyOf(pages), read(config, "pages/frame.html"));
    }

    /** The plain shell (join pages are it with their relay's preview tags). */
    byte[] index() {
        return index;
    }

    /** Every page's HTML, one after the other (for the CSP's hashes of their inline scripts). */
    byte[] allHtml() {
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(index);
        pages.values().forEach(out::writeBytes);
        if (frame != null) out.writeBytes(frame);
        return out.toByteArray();
    }

    byte[] forPath(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        byte[] page = pages.get(p);
        if (page != null) return page;
        if (frame != null && FRAMED.stream().anyMatch(a -> p.equals(a) || p.startsWith(a + "/"))) return frame;
        return index;
    }

    private static byte[] read(Config config, String file) {
        try {
            if (config.webDir().isPresent()) {
                Path p = config.webDir().get().resolve(file);
                return Files.exists(p) ? Files.readAllBytes(p) : null;
            }
            try (InputStream in = WebPages.class.getResourceAsStream("/web/" + file)) {
                return in == null ? null : in.readAllBytes();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the web app's " + file, e);
        }
    }
}
