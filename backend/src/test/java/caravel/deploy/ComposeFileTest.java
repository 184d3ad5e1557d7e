package caravel.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import caravel.config.Config;
import caravel.config.ConfigException;
import caravel.testing.NostrTools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yaml cannot be started on these machines (no container engine), so this reads it and checks what a
 * real deployment depends on: every setting Caravel requires reaches it, zooid's API_HOST is exactly the Host of
 * Caravel's requests, and zooid's folders are on a volume that its non-root user may write.
 */
class ComposeFileTest {
    private static final Path DEPLOY = NostrTools.root().resolve("deploy");
    /** zooid's image runs as the distroless "nonroot" user. */
    private static final String ZOOID_UID = "65532";

    static JsonNode compose;
    static Map<String, String> envExample;

    @BeforeAll
    static void read() throws Exception {
        compose = new ObjectMapper(new YAMLFactory())
                .readTree(DEPLOY.resolve("compose.yaml").toFile());
        envExample = new HashMap<>();
        for (String line : Files.readAllLines(DEPLOY.resolve(".env.example"))) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || !t.contains("=")) continue;
            envExample.put(t.substring(0, t.indexOf('=')), t.substring(t.indexOf('=') + 1));
        }
    }

    private static JsonNode service(String name) {
        JsonNode s = compose.path("services").path(name);
        assertThat(s.isObject()).as("service " + name).isTrue();
        return s;
    }

    private static String env(String service, String name) {
        return service(service).path("environment").path(name).asText(null);
    }

    @Test
    void everyRequiredSettingReachesCaravel() {
        Set<String> required = requiredSettings();
        assertThat(required).contains("ZOOID_API_URL", "RELAY_DOMAIN", "ENCRYPTION_SECRET"); // the probe works
        assertThat(service("caravel").path("env_file").asText()).isEqualTo(".env");
        List<String> missing = new ArrayList<>();
        for (String name : required)
            if (env("caravel", name) == null && !envExample.containsKey(name)) missing.add(name);
        assertThat(missing)
                .as("required settings neither in compose nor in .env.example")
                .isEmpty();
        // variables the compose file itself interpolates must be offered in .env.example too
        for (String v : List.of("APP_DOMAIN", "RELAY_DOMAIN", "ZOOID_API_PUBKEY"))
            assertThat(envExample).containsKey(v);
    }

    @Test
    void zooidApiHostIsExactlyTheHostCaravelSends() {
        URI api = URI.create(env("caravel", "ZOOID_API_URL"));
        assertThat(env("zooid", "API_HOST")).isEqualTo(api.getHost() + ":" + api.getPort());
        assertThat(api.getHost()).isEqualTo("zooid");
        assertThat(api.getPort()).isEqualTo(Integer.parseInt(env("zooid", "PORT")));
        URI relays = URI.create(env("caravel", "ZOOID_RELAY_ORIGIN"));
        assertThat(relays.getHost() + ":" + relays.getPort()).isEqualTo(api.getHost() + ":" + api.getPort());
        assertThat(env("zooid", "API_WHITELIST")).isEqualTo("${ZOOID_API_PUBKEY}");
        assertThat(Files.exists(DEPLOY.resolve(".env.example"))).isTrue();
    }

    @Test
    void zooidFoldersAreOnAVolumeItsUserOwns() {
        JsonNode zooid = service("zooid");
        Map<String, String> mounts = mounts(zooid);
        for (String folder : List.of("CONFIG", "DATA", "MEDIA")) {
            String path = env("zooid", folder);
            assertThat(path).as(folder).isNotNull().startsWith("/");
            assertThat(mounts.keySet().stream().anyMatch(m -> path.equals(m) || path.startsWith(m + "/")))
                    .as(folder + " " + path + " is inside a mounted volume " + mounts.keySet())
                    .isTrue();
        }
        // a one-shot service hands the same volume to zooid's user, and zooid waits for it
        JsonNode init = service("zooid-volumes");
        String command = String.join(" ", new ObjectMapper().convertValue(init.path("command"), String[].class));
        assertThat(command).startsWith("chown -R " + ZOOID_UID + ":" + ZOOID_UID);
        assertThat(mounts(init)).isEqualTo(mounts);
        for (String target : mounts.keySet()) assertThat(command).contains(target);
        assertThat(zooid.path("depends_on")
                        .path("zooid-volumes")
                        .path("condition")
                        .asText())
                .isEqualTo("service_completed_successfully");
    }

    @Test
    void imagesArePinnedByTagOrDigest() {
        compose.path("services").properties().forEach(s -> {
            JsonNode image = s.getValue().path("image");
            if (image.isMissingNode()) return; // built from this repository
            String ref = image.asText().replaceAll("\\$\\{[A-Z_]+:-([^}]+)}", "$1");
            assertThat(ref).as(s.getKey()).matches(".+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$");
        });
    }

    /** Volume name (or host path) per container path. */
    private static Map<String, String> mounts(JsonNode service) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":", -1);
            out.put(parts[1], parts[0]);
        }
        return out;
    }

    /** The names Config reports as missing when the environment is empty: exactly the required settings. */
    private static Set<String> requiredSettings() {
        Throwable t = catchThrowable(() -> Config.fromEnv(Map.of()));
        assertThat(t).isInstanceOf(ConfigException.class).hasMessageStartingWith("missing required settings ");
        String list = t.getMessage().substring("missing required settings ".length());
        return new TreeSet<>(List.of(list.split(", ")));
    }

    /**
     * The proxy refuses bodies over the backend's own bound (64 KiB) before they reach it, except an import's, which
     * it bounds at the backend's IMPORT_MAX_BYTES default; and it sends HSTS.
     */
    @Test
    void caddyBoundsBodiesAndSendsHsts() throws Exception {
        String caddy = Files.readString(DEPLOY.resolve("Caddyfile"));
        String app = caddy.substring(caddy.indexOf("{$APP_DOMAIN} {"), caddy.indexOf("*.{$RELAY_DOMAIN}"));
        String importPath = "path_regexp \\^/relays/\\[\\^/\\]\\+/import\\$";
        assertThat(app).containsPattern("@import \\{\\s*method POST\\s*" + importPath + "\\s*\\}");
        assertThat(app).containsPattern("@other \\{\\s*not \\{\\s*method POST\\s*" + importPath + "\\s*\\}\\s*\\}");
        assertThat(app).containsPattern("request_body @import \\{\\s*max_size 32MiB\\s*\\}");
        assertThat(app).containsPattern("request_body @other \\{\\s*max_size 64KiB\\s*\\}");
        assertThat(caravel.config.Limits.defaults().importMaxBytes()).isEqualTo(32L << 20);
        assertThat(caravel.api.Server.MAX_BODY).isEqualTo(64 * 1024);
        assertThat(app).contains("Strict-Transport-Security");
    }
}
