package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.FakeCaddy;
import caravel.testing.LocalDns;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The join page's HTML: the app's shell with the relay's own name, description and icon in its title and preview tags
 * (escaped: they are whatever the owner typed), for any client a link previewer may be; and a relay's custom domain
 * visited in a browser leading to it.
 */
class JoinPageHtmlTest {
    @TempDir
    Path dir;

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String SHELL = """
            <!doctype html>
            <html lang="en">
              <head>
                <meta charset="UTF-8" />
                <meta name="description" content="Caravel — hosted Nostr community relays." />
                <title>Caravel — Nostr community relays</title>
                <script>document.documentElement.classList.add('x');</script>
              </head>
              <body><div id="root"></div></body>
            </html>
            """;

    static HttpResponse<String> get(String base, String path, String accept, String forwardedHost) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept);
        if (forwardedHost != null) b.header("X-Forwarded-Host", forwardedHost);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    Path web() throws Exception {
        Path web = Files.createDirectories(dir.resolve("web"));
        Files.writeString(web.resolve("index.html"), SHELL);
        return web;
    }

    static String create(Api api, Keys k, String name, String sub, String extra) {
        Api.Response r = api.as(
                k,
                "POST",
                "/relays",
                "{\"name\":" + Api.json(name) + ",\"subdomain\":\"" + sub + "\",\"plan\":\"free\"" + extra + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().at("/relay/id").asText();
    }

    static int count(String haystack, String needle) {
        return haystack.split(Pattern.quote(needle), -1).length - 1;
    }

    @Test
    void theShellCarriesTheRelaysEscapedTitleAndPreviewTags() throws Exception {
        Path web = web();
        try (TestBackend b = new TestBackend(dir, env -> env.put("WEB_DIR", web.toString()))) {
            Keys owner = Keys.generate();
            String evil = "</title><script>alert(1)</script>";
            String id = create(
                    b.api,
                    owner,
                    evil,
                    "evil",
                    ",\"description\":" + Api.json("\"><img src=x onerror=alert(2)> Tom & Jerry's")
                            + ",\"icon\":\"https://img.example/i.png?a=1&b=2\"");
            assertThat(b.api.as(
                                    owner,
                                    "PUT",
                                    "/relays/" + id + "/admission",
                                    "{\"mode\":\"monthly\",\"price_sats\":21000,\"trial_days\":7}")
                            .status())
                    .isEqualTo(200);
            // a link previewer accepts anything: the page is HTML whatever it sent
            for (String accept : new String[] {"text/html", "*/*", "application/json"}) {
                HttpResponse<String> r = get(b.api.base(), "/join/evil", accept, null);
                assertThat(r.statusCode()).as(accept).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
                String html = r.body();
                assertThat(html).doesNotContain("<script>alert(1)").doesNotContain("<img src=x");
                assertThat(count(html, "<title>")).isEqualTo(1);
                assertThat(html)
                        .contains("<title>Join &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>")
                        .contains("<meta property=\"og:title\" content=\"&lt;/title&gt;&lt;script&gt;alert(1)"
                                + "&lt;/script&gt;\" />")
                        .contains("<meta property=\"og:description\" content=\"&quot;&gt;&lt;img src=x"
                                + " onerror=alert(2)&gt; Tom &amp; Jerry&#39;s Join for 21,000 sats a month, 7 days"
                                + " free.\" />")
                        .contains("<meta property=\"og:image\" content=\"https://img.example/i.png?a=1&amp;b=2\" />")
                        .contains("<meta property=\"og:url\" content=\"" + b.api.base() + "/join/evil\" />")
                        .contains("<meta name=\"twitter:card\" content=\"summary\" />")
                        .contains("<meta name=\"twitter:title\" content=\"&lt;/title&gt;")
                        .contains("<meta name=\"twitter:image\" content=\"https://img.example/i.png?a=1&amp;b=2\"");
                // the app's own description gave way to the relay's; the shell's script is untouched (its CSP hash)
                assertThat(html).doesNotContain("hosted Nostr community relays");
                assertThat(count(html, "name=\"description\"")).isEqualTo(1);
                assertThat(html).contains("<script>document.documentElement.classList.add('x');</script>");
                assertThat(html).contains("<div id=\"root\"></div>");
            }
            // no icon, no image tags; a free relay says it is invite only
            create(b.api, owner, "Plain", "plain", "");
            String plain = get(b.api.base(), "/join/plain/", "text/html", null).body();
            assertThat(plain).doesNotContain("og:image").doesNotContain("twitter:image");
            assertThat(plain).contains("content=\"A Nostr community on Caravel. Invite only.\"");
            // an unknown community: the app (which says so) with a 404 for previewers
            HttpResponse<String> unknown = get(b.api.base(), "/join/no-such-community", "text/html", null);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).isEqualTo(SHELL);
            // other pages keep the shell as it is
            assertThat(get(b.api.base(), "/login", "text/html", null).body()).isEqualTo(SHELL);
        }
    }

    @Test
    @Tag("peer") // the zooid emulator serves the relay behind the domain
    void aCustomDomainsPageVisitGoesToItsJoinPage() throws Exception {
        Path web = web();
        Keys zooidKey = Keys.generate(), owner = Keys.generate();
        try (ZooidEmulator zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
                LocalDns dns = new LocalDns();
                // the proxy whose routes make the domain the relay's address
                FakeCaddy caddy = new FakeCaddy();
                TestBackend b = new TestBackend(dir, env -> {
                    env.put("ZOOID_API_URL", "http://127.0.0.1:" + zooid.port);
                    env.put("ZOOID_RELAY_ORIGIN", "http://127.0.0.1:" + zooid.port);
                    env.put("ZOOID_API_SECRET", zooidKey.secretHex());
                    env.put("DNS_RESOLVERS", dns.address());
                    env.put("WEB_DIR", web.toString());
                    env.put("TRUST_PROXY", "true");
                    env.put("CADDY_ADMIN_URL", caddy.url());
                })) {
            Api api = b.api;
            String id = create(api, owner, "Hikers", "team", "");
            Wait.until(
                    "relay active",
                    Duration.ofSeconds(20),
                    () -> api.as(owner, "GET", "/relays/" + id, null).json(),
                    v -> v.get("status").asText().equals("active"));
            Api.Response set = api.as(owner, "PUT", "/relays/" + id + "/domain", "{\"domain\":\"relay.hikers.org\"}");
            assertThat(set.status()).as(set.body()).isEqualTo(200);
            String token = set.json().at("/records/1/value").asText().substring("caravel-verify=".length());
            dns.cname("relay.hikers.org", "team.relays.test")
                    .txt("_caravel.relay.hikers.org", "caravel-verify=" + token);
            Api.Response checked = api.as(owner, "POST", "/relays/" + id + "/domain/check", null);
            assertThat(checked.json().path("state").asText()).as(checked.body()).isEqualTo("verified");

            // the proxy sends a browser's visit to the domain's home, and /join, with the name asked for
            for (String path : new String[] {"/", "/join", "/join/"}) {
                HttpResponse<String> r = get(api.base(), path, "text/html", "relay.hikers.org");
                assertThat(r.statusCode()).as(path).isEqualTo(302);
                assertThat(r.headers().firstValue("Location")).as(path).contains(api.base() + "/join/team");
            }
            // the join info names the custom domain as the relay's address (the proxy routes it)
            assertThat(api.send("GET", "/admissions/team", null, null)
                            .json()
                            .path("relay_url")
                            .asText())
                    .isEqualTo("wss://relay.hikers.org/");
            // a name Caravel does not serve, and the app's own host: the app's home page as ever
            assertThat(get(api.base(), "/", "text/html", "other.example").body())
                    .isEqualTo(SHELL);
            assertThat(get(api.base(), "/", "text/html", null).body()).isEqualTo(SHELL);
        }
    }
}
