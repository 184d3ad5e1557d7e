package caravel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.NostrTools;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/prometheus: the scrape example reaches /metrics the way Caravel answers it (bearer token), the alert rules
 * are well formed and use only series a real /metrics writes, and, where promtool is installed (Debian's prometheus
 * package; ./caravel test installs it), Prometheus itself accepts both files and the rules' unit tests pass.
 */
class PrometheusFilesTest {
    private static final Path DIR = NostrTools.root().resolve("deploy/prometheus");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    @Test
    void theScrapeExampleSendsTheBearerTokenToMetrics() throws Exception {
        JsonNode p = YAML.readTree(DIR.resolve("prometheus.yml").toFile());
        assertThat(p.at("/rule_files/0").asText()).isEqualTo("alerts.yml");
        JsonNode job = p.at("/scrape_configs/0");
        assertThat(job.get("job_name").asText()).isEqualTo("caravel");
        assertThat(job.get("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(job.at("/authorization/type").asText()).isEqualTo("Bearer");
        // the token comes from a file, never written into the config itself
        assertThat(job.at("/authorization/credentials_file").asText()).isNotBlank();
        assertThat(job.at("/authorization/credentials").isMissingNode()).isTrue();
    }

    @Test
    void everyRuleIsCompleteAndUsesOnlySeriesCaravelWrites() throws Exception {
        JsonNode rules = YAML.readTree(DIR.resolve("alerts.yml").toFile());
        Set<String> alerts = new TreeSet<>();
        Set<String> series = new TreeSet<>();
        Pattern name = Pattern.compile("\\b((?:caravel|disk)_[a-z_]+)");
        for (JsonNode group : rules.get("groups"))
            for (JsonNode rule : group.get("rules")) {
                String alert = rule.get("alert").asText();
                alerts.add(alert);
                assertThat(rule.at("/labels/severity").asText()).as(alert).isIn("critical", "warning");
                assertThat(rule.at("/annotations/summary").asText()).as(alert).isNotBlank();
                Matcher m = name.matcher(rule.get("expr").asText());
                while (m.find()) series.add(m.group(1));
            }
        // what an operator must wake up for (issue 24): jobs stuck, zooid unreachable, payments failing, disk
        assertThat(alerts)
                .contains(
                        "CaravelDown",
                        "CaravelJobsStuck",
                        "CaravelZooidUnreachable",
                        "CaravelPaymentsFailing",
                        "CaravelDiskLow");

        String scrape = scrapeAfterARelayIsAsked();
        for (String s : series)
            assertThat(scrape).as("GET /metrics writes " + s).containsPattern("(?m)^" + s + "[{ ]");
    }

    @Test
    void promtoolAcceptsTheFilesAndTheRuleTestsPass() throws Exception {
        if (!onPath("promtool")) {
            // the structural checks above still run; ./caravel test installs promtool for this one
            System.out.println("promtool not installed: deploy/prometheus checked as YAML only");
            return;
        }
        // --syntax-only: the token file the example names exists only on a real Prometheus host
        promtool("check", "config", "--syntax-only", "prometheus.yml");
        promtool("check", "rules", "alerts.yml");
        promtool("test", "rules", "alerts.test.yml");
    }

    /** A backend's scrape once a relay was asked for (zooid unreachable here: its sync fails, which is timed too). */
    String scrapeAfterARelayIsAsked() throws Exception {
        String token = "t".repeat(20);
        try (TestBackend b = new TestBackend(dir, env -> env.put("METRICS_TOKEN", token))) {
            Api.Response r = b.api.as(
                    Keys.generate(),
                    "POST",
                    "/relays",
                    "{\"name\":\"Prom\",\"subdomain\":\"prom-one\",\"plan\":\"free\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            HttpClient http = HttpClient.newHttpClient();
            return Wait.until(
                    "a sync timed and the job table read",
                    Duration.ofSeconds(30),
                    Duration.ofMillis(500), // a whole scrape per poll: not every 50 ms
                    () -> {
                        try {
                            return http.send(
                                            HttpRequest.newBuilder(URI.create(b.api.base() + "/metrics"))
                                                    .header("Authorization", "Bearer " + token)
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .body();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    s -> s.contains("caravel_zooid_sync_seconds_count")
                            && s.contains("caravel_jobs_oldest_due_age_seconds{"));
        }
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator, -1))
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        return false;
    }

    static void promtool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
    }
}
