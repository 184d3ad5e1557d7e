package caravel.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import caravel.testing.NostrTools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/Caddyfile: relays get certificates on demand, asked of Caravel's /tls/ask, and its placeholders default to
 * production (compose's services, public CAs). `caddy validate` accepted the old file that could never get a relay a
 * certificate, so this reads what the file asks for; with Debian's caddy on the PATH (./caravel test installs it for
 * the deploy test) it also reads Caddy's own JSON for the file, in production and in the tests' local-CA mode.
 */
class CaddyfileTest {
    private static final Path DEPLOY = NostrTools.root().resolve("deploy");

    private static String caddyfile() throws Exception {
        return Files.readString(DEPLOY.resolve("Caddyfile"));
    }

    /** The default of each {$NAME:default} placeholder. */
    private static String defaultOf(String file, String name) {
        Matcher m = Pattern.compile("\\{\\$" + name + ":([^}]*)}").matcher(file);
        assertThat(m.find()).as("a {$%s:default} placeholder", name).isTrue();
        String first = m.group(1);
        while (m.find()) assertThat(m.group(1)).as("every default of " + name).isEqualTo(first);
        return first;
    }

    @Test
    void relaysGetCertificatesOnDemandAskedOfCaravel() throws Exception {
        String file = caddyfile();
        assertThat(file).containsPattern("on_demand_tls \\{\\s*ask http://\\{\\$CARAVEL_UPSTREAM:[^}]+}/tls/ask\\s*}");
        assertThat(file).containsPattern("\\(relay-tls-public\\) \\{\\s*tls \\{\\s*on_demand\\s*}\\s*}");
        assertThat(file)
                .containsPattern("\\*\\.\\{\\$RELAY_DOMAIN} \\{\\s*import relay-tls-\\{\\$CADDY_ISSUER:public}");
        assertThat(file).containsPattern("\\{\\$APP_DOMAIN} \\{\\s*import app-tls-\\{\\$CADDY_ISSUER:public}");
        // the route Caddy asks is Caravel's, and documented
        JsonNode openapi = new ObjectMapper()
                .readTree(NostrTools.root()
                        .resolve("backend/src/main/resources/openapi.json")
                        .toFile());
        assertThat(openapi.path("paths").has("/tls/ask")).isTrue();
        // the public cannot ask through the app's site (the proxy asks the backend directly)
        assertThat(file).contains("respond @tls_ask 404");
        // the DNS-01 alternative is documented beside it
        assertThat(file).contains("dns <provider>");
    }

    /**
     * Caddy has no numeric header matcher, so "Content-Length over the bound" is a regular expression per bound: each
     * must match exactly the lengths above its number, which must be the bound the backend applies.
     */
    @Test
    void declaredLengthsOverTheBoundsAreRefusedAtTheProxy() throws Exception {
        String file = caddyfile();
        Map<String, Long> bounds = Map.of(
                "other_too_large",
                caravel.api.Server.MAX_BODY,
                "import_too_large",
                caravel.config.Limits.defaults().importMaxBytes());
        for (var e : bounds.entrySet()) {
            Matcher m = Pattern.compile("@" + e.getKey() + " \\{[^@]*?header_regexp Content-Length (\\S+)\\s")
                    .matcher(file);
            assertThat(m.find())
                    .as("@%s with a Content-Length pattern", e.getKey())
                    .isTrue();
            Pattern over = Pattern.compile(m.group(1));
            long bound = e.getValue();
            java.util.Random random = new java.util.Random(42);
            List<Long> lengths =
                    new ArrayList<>(List.of(0L, 1L, bound - 1, bound, bound + 1, bound * 10, Long.MAX_VALUE));
            for (int i = 0; i < 20_000; i++) lengths.add((long) (random.nextDouble() * 3 * bound));
            for (int digits = 1; digits <= 12; digits++) lengths.add((long) Math.pow(10, digits) - 1);
            for (long n : lengths)
                assertThat(over.matcher(Long.toString(n)).matches())
                        .as("%s: Content-Length %d", e.getKey(), n)
                        .isEqualTo(n > bound);
            assertThat(over.matcher("0" + (bound + 1)).matches()).isTrue(); // leading zeros change nothing
            assertThat(over.matcher("00" + bound).matches()).isFalse();
            // refused with the backend's JSON error, marked as the proxy's
            assertThat(file)
                    .containsPattern("handle @" + e.getKey()
                            + " \\{\\s*header Content-Type application/json\\s*respond `\\{\"error\":\"request body is larger than "
                            + bound
                            + " bytes \\(refused by the proxy\\)\",\"code\":\"too_large\",\"field\":null}` 413");
        }
    }

    @Test
    void placeholdersDefaultToProduction() throws Exception {
        String file = caddyfile();
        JsonNode compose = new ObjectMapper(new YAMLFactory())
                .readTree(DEPLOY.resolve("compose.yaml").toFile());
        JsonNode services = compose.path("services");
        String zooidPort =
                services.path("zooid").path("environment").path("PORT").asText();
        assertThat(defaultOf(file, "CARAVEL_UPSTREAM")).isEqualTo("caravel:2892");
        assertThat(defaultOf(file, "ZOOID_UPSTREAM")).isEqualTo("zooid:" + zooidPort);
        assertThat(services.has("caravel")).isTrue();
        assertThat(Files.readString(DEPLOY.resolve("Dockerfile"))).contains("PORT=2892");
        assertThat(defaultOf(file, "CADDY_ISSUER")).isEqualTo("public");
        assertThat(defaultOf(file, "CADDY_HTTP_PORT")).isEqualTo("80");
        assertThat(defaultOf(file, "CADDY_HTTPS_PORT")).isEqualTo("443");
        assertThat(defaultOf(file, "CADDY_ADMIN_LISTEN")).isEqualTo("localhost:2019");
        // compose leaves every test switch at its default
        JsonNode caddyEnv = services.path("caddy").path("environment");
        for (String name : new String[] {"CADDY_ISSUER", "CARAVEL_UPSTREAM", "ZOOID_UPSTREAM", "CADDY_HTTPS_PORT"})
            assertThat(caddyEnv.has(name))
                    .as(name + " in compose's caddy environment")
                    .isFalse();
        assertThat(compose.path("services").path("caddy").path("ports").toString())
                .contains("80:80")
                .contains("443:443");
    }

    @Test
    void caddyReadsTheFileAsOnDemandCertificatesFromPublicCasInProduction() throws Exception {
        JsonNode tls = adapt(Map.of("APP_DOMAIN", "caravel.example.com", "RELAY_DOMAIN", "relays.example.com"))
                .path("apps")
                .path("tls");
        assertThat(tls.at("/automation/on_demand/ask").asText()).isEqualTo("http://caravel:2892/tls/ask");
        JsonNode relays = policy(tls, "*.relays.example.com");
        assertThat(relays.path("on_demand").asBoolean()).isTrue();
        assertThat(relays.has("issuers"))
                .as("Caddy's default (public ACME) issuers")
                .isFalse();
        JsonNode app = policy(tls, "caravel.example.com");
        assertThat(app.path("subjects").toString())
                .as("the dashboard's own policy, not the custom domains' on-demand catch-all")
                .contains("caravel.example.com");
        assertThat(app.path("on_demand").asBoolean(false)).isFalse();
        assertThat(app.has("issuers")).isFalse();
        // a custom domain (any other name): on demand too, asked of Caravel, Caddy's default issuers
        JsonNode custom = policy(tls, "relay.hikers.example");
        assertThat(custom.path("on_demand").asBoolean()).isTrue();
        assertThat(custom.has("issuers")).isFalse();
    }

    /**
     * The custom-domain site: a catch-all whose map Caravel fills (domain -> the relay's host and its node), proxied
     * with the relay's own host as Host, X-Forwarded-Host left to Caddy (the name asked for), unmapped names refused;
     * NIP-05 lookups on both relay sites go to Caravel with their Host untouched.
     */
    @Test
    void customDomainsAreMappedToTheirRelaysHostAndNamesGoToCaravel() throws Exception {
        JsonNode config = adapt(Map.of(
                "APP_DOMAIN", "caravel.example.com",
                "RELAY_DOMAIN", "relays.example.com",
                "CARAVEL_UPSTREAM", "10.0.0.11:2892",
                "CARAVEL_MORE_UPSTREAMS", "10.0.0.12:2892"));
        JsonNode routes = config.at("/apps/http/servers").elements().next().path("routes");
        JsonNode relaySite = null, customSite = null;
        for (JsonNode r : routes) {
            String hosts = r.at("/match/0/host").toString();
            if (hosts.contains("*.relays.example.com")) relaySite = r;
            else if (r.path("match").isMissingNode()) customSite = r;
        }
        assertThat(relaySite).as("the relay site").isNotNull();
        assertThat(customSite).as("a catch-all site").isNotNull();
        assertThat(routes.get(routes.size() - 1)).as("tried last").isEqualTo(customSite);

        JsonNode map = customSite.findParents("handler").stream()
                .filter(h -> "map".equals(h.path("handler").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(map.path("source").asText()).isEqualTo("{http.request.host}");
        assertThat(map.path("destinations").toString())
                .isEqualTo("[\"{caravel_custom_host}\",\"{caravel_custom_upstream}\"]");
        assertThat(map.path("mappings").isEmpty()).as("Caravel fills it").isTrue();
        String site = customSite.toString();
        // an unmapped name: the map's default, matched and answered 404 before anything is proxied
        String unmapped = map.path("defaults").get(1).asText();
        assertThat(site).contains("{\"vars\":{\"{caravel_custom_upstream}\":[\"" + unmapped + "\"]}");
        List<JsonNode> proxies = customSite.findParents("upstreams");
        JsonNode toZooid = proxies.stream()
                .filter(p -> p.toString().contains("{caravel_custom_upstream}"))
                .findFirst()
                .orElseThrow();
        assertThat(toZooid.at("/headers/request/set/Host/0").asText()).isEqualTo("{caravel_custom_host}");
        // nothing touches X-Forwarded-Host or X-Forwarded-Proto: Caddy sets them from the request (zooid's URL)
        assertThat(site).doesNotContain("X-Forwarded");

        for (JsonNode s : List.of(relaySite, customSite)) {
            JsonNode names = s.findParents("match").stream()
                    .filter(m -> m.path("match").toString().contains("/.well-known/nostr.json"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no nostr.json route in " + s));
            assertThat(names.findValuesAsText("dial")).containsExactly("10.0.0.11:2892", "10.0.0.12:2892");
            // the Host stays the relay's (canonical or custom): Caravel finds the relay by it
            assertThat(names.toString()).doesNotContain("\"Host\"");
        }
        assertThat(caddyfile()).contains("map {host} {caravel_custom_host} {caravel_custom_upstream}");

        // the join page at the custom domain: /join, and a browser's page visit to "/" (never a WebSocket or NIP-11),
        // go to Caravel with the Host untouched (it redirects to the relay's join page on the app)
        JsonNode join = customSite.findParents("match").stream()
                .filter(m -> m.path("match").toString().contains("\"/join\""))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no /join route in the custom-domain site"));
        assertThat(join.findValuesAsText("dial")).containsExactly("10.0.0.11:2892", "10.0.0.12:2892");
        assertThat(join.toString()).doesNotContain("\"Host\"");
        JsonNode home = customSite.findParents("match").stream()
                .filter(m -> m.path("match").toString().contains("*text/html*"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no page visit route in the custom-domain site"));
        assertThat(home.path("match").toString()).contains("[\"/\"]").contains("Upgrade");
        assertThat(home.findValuesAsText("dial")).containsExactly("10.0.0.11:2892", "10.0.0.12:2892");

        // a NIP-11 read of an unmapped name (a custom domain a relay let go) goes to Caravel, which answers redirect_to
        // or 404, and is matched before the unmapped names' 404; nothing else of an unmapped name reaches anyone
        List<JsonNode> unmappedRoutes = customSite.findParents("match").stream()
                .filter(m -> m.path("match").toString().contains("\"" + unmapped + "\""))
                .toList();
        assertThat(unmappedRoutes).hasSize(2);
        JsonNode oldDomain = unmappedRoutes.get(0);
        assertThat(oldDomain.path("match").toString())
                .contains("*application/nostr+json*")
                .contains("[\"GET\",\"HEAD\"]")
                .contains("Upgrade");
        assertThat(oldDomain.findValuesAsText("dial")).containsExactly("10.0.0.11:2892", "10.0.0.12:2892");
        assertThat(oldDomain.toString()).doesNotContain("\"Host\"");
        assertThat(unmappedRoutes.get(1).path("match").toString()).doesNotContain("nostr+json");
        assertThat(unmappedRoutes.get(1).findValuesAsText("dial")).isEmpty();
        assertThat(unmappedRoutes.get(1).toString()).contains("\"status_code\":404");
    }

    @Test
    void theTestsSwitchMakesEveryCertificateLocal() throws Exception {
        JsonNode config = adapt(Map.of(
                "APP_DOMAIN", "app.localhost",
                "RELAY_DOMAIN", "relays.localhost",
                "CADDY_ISSUER", "local",
                "CARAVEL_UPSTREAM", "127.0.0.1:2892",
                "CADDY_HTTPS_PORT", "8443"));
        JsonNode tls = config.path("apps").path("tls");
        assertThat(tls.at("/automation/on_demand/ask").asText()).isEqualTo("http://127.0.0.1:2892/tls/ask");
        for (String subject : new String[] {"*.relays.localhost", "app.localhost"})
            assertThat(policy(tls, subject).at("/issuers/0/module").asText()).isEqualTo("internal");
        assertThat(policy(tls, "*.relays.localhost").path("on_demand").asBoolean())
                .isTrue();
        assertThat(config.at("/apps/http/https_port").asInt()).isEqualTo(8443);
    }

    @Test
    void severalCaravelProcessesShareTheDashboardAndTheFirstAnswersCertificateQuestions() throws Exception {
        JsonNode config = adapt(Map.of(
                "APP_DOMAIN", "caravel.example.com",
                "RELAY_DOMAIN", "relays.example.com",
                "CARAVEL_UPSTREAM", "10.0.0.11:2892",
                "CARAVEL_MORE_UPSTREAMS", "10.0.0.12:2892 10.0.0.13:2892"));
        assertThat(config.at("/apps/tls/automation/on_demand/ask").asText()).isEqualTo("http://10.0.0.11:2892/tls/ask");
        List<JsonNode> proxies = new java.util.ArrayList<>();
        config.findParents("upstreams").forEach(proxies::add);
        JsonNode dashboard = proxies.stream()
                .filter(p -> p.toString().contains("10.0.0.11:2892"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no proxy to the Caravel processes in " + config));
        assertThat(dashboard.findValuesAsText("dial"))
                .containsExactly("10.0.0.11:2892", "10.0.0.12:2892", "10.0.0.13:2892");
        // a process that does not answer: the request is tried on another, and the failed one left out for a while
        assertThat(dashboard.at("/load_balancing/try_duration").asLong()).isPositive();
        assertThat(dashboard.at("/health_checks/passive/fail_duration").asLong())
                .isPositive();
    }

    /**
     * The certificate question through the app's public site, in every spelling Caddy or the backend could take for
     * /tls/ask (a trailing slash, case, doubled or escaped slashes, dot segments, a ;parameter, escaped letters): Caddy
     * answers 404 itself and the backend never sees it. Runs the shipped file in Caddy, TLS from its local CA, in front
     * of a stand-in backend that answers 200 to anything and records what reached it.
     */
    @Test
    void theCertificateQuestionIsNotAnsweredThroughTheAppsSiteInAnySpelling(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String caddy = onPath("caddy");
        assumeTrue(caddy != null, "caddy is not installed (./caravel test installs Debian's package)");
        List<String> reached = java.util.Collections.synchronizedList(new ArrayList<>());
        com.sun.net.httpserver.HttpServer backend = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/", ex -> {
            reached.add(ex.getRequestURI().getRawPath());
            byte[] b = "ok".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        backend.start();
        int https = freePort();
        ProcessBuilder pb = new ProcessBuilder(
                caddy,
                "run",
                "--adapter",
                "caddyfile",
                "--config",
                DEPLOY.resolve("Caddyfile").toString());
        pb.environment().clear();
        pb.environment()
                .putAll(Map.of(
                        "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                        "HOME", dir.toString(),
                        "XDG_DATA_HOME", dir.resolve("data").toString(),
                        "XDG_CONFIG_HOME", dir.resolve("config").toString(),
                        "APP_DOMAIN", "app.localhost",
                        "RELAY_DOMAIN", "relays.localhost",
                        "CADDY_ISSUER", "local",
                        "CARAVEL_UPSTREAM", "127.0.0.1:" + backend.getAddress().getPort(),
                        "CADDY_HTTP_PORT", Integer.toString(freePort()),
                        "CADDY_HTTPS_PORT", Integer.toString(https)));
        pb.environment().put("CADDY_ADMIN_LISTEN", "127.0.0.1:" + freePort());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("caddy.log").toFile());
        Process proxy = pb.start();
        try {
            caravel.testing.Wait.until("Caddy serves the app's site", java.time.Duration.ofSeconds(20), () -> {
                assertThat(proxy.isAlive()).as("caddy runs").isTrue();
                try {
                    return caravel.testing.RawHttp.getTls("app.localhost", https, "/healthz") == 200;
                } catch (Exception notYet) {
                    return false;
                }
            });
            assertThat(reached).contains("/healthz"); // the stand-in is reached: a refusal below is Caddy's
            String q = "?domain=team.relays.localhost";
            for (String path : new String[] {
                "/tls/ask",
                "/tls/ask/",
                "/tls/ask//",
                "/TLS/ask",
                "/Tls/Ask/",
                "/%54LS/ASK/",
                "//tls/ask",
                "/tls//ask",
                "/%2Ftls/ask",
                "/%74ls/ask",
                "/tls%2Fask",
                "/tls%2fask",
                "/tls/ask%2F",
                "/tls%252Fask",
                "/tls\\ask",
                "/tls%5Cask",
                "/./tls/ask",
                "/x/../tls/ask",
                "/tls/./ask",
                "/tls/ask/.",
                "/tls/ask;x",
                "/tls/ask;/",
                "/tls/ask%3Bx",
                "/tls/ask%00",
                "/tls/ask%20",
                "/tls",
            }) {
                assertThat(caravel.testing.RawHttp.getTls("app.localhost", https, path + q))
                        .as("GET %s through the app's site", path)
                        .isEqualTo(404);
            }
            assertThat(reached).as("what reached the backend").containsOnly("/healthz");
        } finally {
            proxy.destroy();
            proxy.waitFor(10, TimeUnit.SECONDS);
            backend.stop(0);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * The automation policy Caddy uses for {@code subject}: the one naming it, else the catch-all (a policy with no
     * subjects; the custom-domain site's, with which Caddy merges any policy equal to it but for its names).
     */
    private static JsonNode policy(JsonNode tls, String subject) {
        for (JsonNode p : tls.at("/automation/policies"))
            for (JsonNode s : p.path("subjects")) if (s.asText().equals(subject)) return p;
        for (JsonNode p : tls.at("/automation/policies")) if (p.path("subjects").isEmpty()) return p;
        throw new AssertionError("no automation policy for " + subject + " in " + tls);
    }

    /** `caddy adapt` of deploy/Caddyfile in this environment: Caddy's own JSON config. */
    private static JsonNode adapt(Map<String, String> env) throws Exception {
        String caddy = onPath("caddy");
        assumeTrue(caddy != null, "caddy is not installed (./caravel test installs Debian's package)");
        ProcessBuilder pb = new ProcessBuilder(
                caddy, "adapt", "--config", DEPLOY.resolve("Caddyfile").toString());
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("CADDY_") || k.endsWith("_DOMAIN") || k.endsWith("_UPSTREAM"));
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("caddy adapt: " + new String(out, StandardCharsets.UTF_8))
                .isZero();
        return new ObjectMapper().readTree(out);
    }

    private static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator, -1)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }
}
