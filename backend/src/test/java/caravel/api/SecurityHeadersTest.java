package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.TestBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSP on the web app and the API (inline script only by its hash), HSTS only behind https. */
class SecurityHeadersTest {
    @TempDir
    Path dir;

    static final String THEME = "\n      document.documentElement.classList.add('dark');\n    ";

    private HttpResponse<String> get(TestBackend b, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(b.api.base() + path))
                                .header("Accept", "text/html")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void cspAllowsOnlyTheServedInlineScriptAndWssConnections() throws Exception {
        Path web = Files.createDirectories(dir.resolve("web"));
        Files.writeString(
                web.resolve("index.html"),
                "<!doctype html><html><head><script>" + THEME + "</script>"
                        + "<script type=\"module\" src=\"/assets/app.js\"></script></head><body></body></html>");
        try (TestBackend b = new TestBackend(dir.resolve("db"), env -> {
            env.put("WEB_DIR", web.toString());
            env.put("OUTBOUND_ALLOW_LOCAL", "false");
        })) {
            HttpResponse<String> page = get(b, "/relays");
            String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
            String hash = Base64.getEncoder()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(THEME.getBytes(StandardCharsets.UTF_8)));
            assertThat(csp).contains("script-src 'self' 'sha256-" + hash + "';");
            assertThat(csp).doesNotContain("unsafe-eval").doesNotContain("script-src 'self' 'unsafe-inline'");
            assertThat(csp)
                    .contains("connect-src 'self' wss:;")
                    .contains("frame-ancestors 'none'")
                    .contains("object-src 'none'");
            assertThat(page.headers().firstValue("Strict-Transport-Security")).isEmpty(); // plain http here
            // API answers carry it too
            assertThat(get(b, "/healthz").headers().firstValue("Content-Security-Policy"))
                    .contains(csp);
        }
    }

    @Test
    void eachInlineScriptHashIsListedOnce() throws Exception {
        // index.html, a prerendered page and the signed-in frame each carry the same theme script
        String page = "<html><head><script>" + THEME + "</script></head></html>";
        String other = "<script>console.log(1)</script>";
        assertThat(SecurityHeaders.inlineScriptHashes(page + page + other + page))
                .hasSize(2)
                .doesNotHaveDuplicates();
        Path web = Files.createDirectories(dir.resolve("web2"));
        Files.writeString(web.resolve("index.html"), page);
        Files.createDirectories(web.resolve("pages"));
        Files.writeString(web.resolve("pages").resolve("home.html"), page);
        Files.writeString(web.resolve("pages").resolve("login.html"), page);
        Files.writeString(web.resolve("pages").resolve("frame.html"), page);
        try (TestBackend b = new TestBackend(dir.resolve("db2"), env -> env.put("WEB_DIR", web.toString()))) {
            String csp =
                    get(b, "/").headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp.split("'sha256-", -1)).hasSize(2);
        }
    }

    @Test
    void hstsBehindTls() throws Exception {
        try (TestBackend b =
                new TestBackend(dir.resolve("tls"), env -> env.put("PUBLIC_URL", "https://caravel.example"))) {
            assertThat(get(b, "/healthz").headers().firstValue("Strict-Transport-Security"))
                    .contains("max-age=31536000; includeSubDomains");
        }
    }
}
