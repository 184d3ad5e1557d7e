package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.TestBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Browser navigations get the page prerendered for their path, or the app frame; API fetches are untouched. */
class WebPagesTest {
    @TempDir
    Path dir;

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(String base, String path, String accept) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void prerenderedPagesByPathTheFrameForSignedInAreasTheShellElsewhere() throws Exception {
        Path web = Files.createDirectories(dir.resolve("web/pages"));
        Files.writeString(dir.resolve("web/index.html"), "<p>shell</p>");
        Files.writeString(web.resolve("home.html"), "<p>home</p>");
        Files.writeString(web.resolve("login.html"), "<p>login</p>");
        Files.writeString(web.resolve("frame.html"), "<p>frame</p>");
        try (TestBackend b = new TestBackend(
                dir, env -> env.put("WEB_DIR", dir.resolve("web").toString()))) {
            String base = b.api.base();
            assertThat(get(base, "/", "text/html").body()).isEqualTo("<p>home</p>");
            assertThat(get(base, "/login", "text/html").body()).isEqualTo("<p>login</p>");
            assertThat(get(base, "/login/", "text/html").body()).isEqualTo("<p>login</p>");
            assertThat(get(base, "/no-such-page", "text/html").body()).isEqualTo("<p>shell</p>");
            assertThat(get(base, "/relays", "text/html").body()).isEqualTo("<p>frame</p>");
            assertThat(get(base, "/relays/abc/edit", "text/html").body()).isEqualTo("<p>frame</p>");
            assertThat(get(base, "/account", "text/html").body()).isEqualTo("<p>frame</p>");
            assertThat(get(base, "/admin/relays/x", "text/html").body()).isEqualTo("<p>frame</p>");
            assertThat(get(base, "/relaysx", "text/html").body()).isEqualTo("<p>shell</p>");
            assertThat(get(base, "/plans", "application/json").body()).contains("\"items\"");
            // "/" is the home page for any client, curl's "*/*" included; other paths stay the API's
            HttpResponse<String> home = get(base, "/", "*/*");
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.body()).isEqualTo("<p>home</p>");
            assertThat(get(base, "/no-such-page", "*/*").statusCode()).isEqualTo(404);
            // an API path with no GET is still an app page to a browser, and 405 to a fetch
            assertThat(get(base, "/relays/abc/deactivate", "text/html").body()).isEqualTo("<p>frame</p>");
            HttpResponse<String> fetch = get(base, "/relays/abc/deactivate", "application/json");
            assertThat(fetch.statusCode()).isEqualTo(405);
            assertThat(fetch.headers().firstValue("Allow")).contains("POST");
        }
    }

    @Test
    void withoutPrerenderedPagesEveryPathGetsIndex() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("web/index.html"), "<p>app</p>");
        try (TestBackend b = new TestBackend(
                dir, env -> env.put("WEB_DIR", dir.resolve("web").toString()))) {
            assertThat(get(b.api.base(), "/", "text/html").body()).isEqualTo("<p>app</p>");
            assertThat(get(b.api.base(), "/login", "text/html").body()).isEqualTo("<p>app</p>");
        }
    }
}
