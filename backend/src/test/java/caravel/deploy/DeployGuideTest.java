package caravel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.NostrTools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/deploy.md against deploy/: the files it installs exist, the settings it names are Caravel's, the Caddyfile's
 * placeholders are all explained, and the systemd units agree with the guide and with each other (zooid's API_HOST is
 * exactly the Host of the ZOOID_API_URL the guide sets). A guide that drifts from the files fails here.
 */
class DeployGuideTest {
    private static final Path ROOT = NostrTools.root();
    static String guide, readme, configuration, caddyfile, caravelUnit, zooidUnit;

    @BeforeAll
    static void read() throws Exception {
        guide = Files.readString(ROOT.resolve("docs/deploy.md"));
        readme = Files.readString(ROOT.resolve("README.md"));
        configuration = Files.readString(ROOT.resolve("docs/configuration.md"));
        caddyfile = Files.readString(ROOT.resolve("deploy/Caddyfile"));
        caravelUnit = Files.readString(ROOT.resolve("deploy/systemd/caravel.service"));
        zooidUnit = Files.readString(ROOT.resolve("deploy/systemd/zooid.service"));
    }

    @Test
    void everyFileTheGuideNamesExists() {
        Matcher m = Pattern.compile("\\b((?:deploy|web|backend|docs)/[A-Za-z0-9_./-]*[A-Za-z0-9_])")
                .matcher(guide);
        List<String> missing = new ArrayList<>();
        int named = 0;
        while (m.find()) {
            String path = m.group(1);
            // built, or written by the reader from deploy/.env.example
            if (path.startsWith("backend/target/") || path.equals("deploy/.env")) continue;
            named++;
            if (!Files.exists(ROOT.resolve(path))) missing.add(path);
        }
        assertThat(named).isGreaterThan(10);
        assertThat(missing).as("files docs/deploy.md names").isEmpty();
        assertThat(readme).contains("(docs/deploy.md)");
    }

    @Test
    void theOtherPartsHeadingsAreThere() {
        assertThat(guide).contains("\n## Backups and restore\n", "\n## Metrics, logs and health\n");
    }

    @Test
    void everyCaddyfilePlaceholderIsExplained() {
        Matcher m = Pattern.compile("\\{\\$([A-Z_]+)").matcher(caddyfile);
        TreeSet<String> names = new TreeSet<>();
        while (m.find()) names.add(m.group(1));
        names.remove("NAME"); // the file's own comment on the {$NAME:default} form
        assertThat(names).contains("APP_DOMAIN", "RELAY_DOMAIN", "CADDY_ISSUER", "CARAVEL_UPSTREAM");
        for (String name : names)
            assertThat(guide).as("docs/deploy.md explains " + name).contains("`" + name);
    }

    @Test
    void theSettingsTheGuideAddsAreCaravels() {
        Map<String, String> added = envBlock();
        assertThat(added).containsKeys("ZOOID_API_URL", "ZOOID_RELAY_ORIGIN", "TRUST_PROXY", "DATABASE_URL", "HOST");
        for (String name : added.keySet())
            assertThat(configuration).as("docs/configuration.md names " + name).contains("`" + name + "`");
        // the unit's working state directory holds the database the guide points at
        assertThat(added.get("DATABASE_URL")).isEqualTo("sqlite:///var/lib/caravel/caravel.db");
        assertThat(caravelUnit).contains("StateDirectory=caravel\n");
        // zooid's API_HOST is exactly the Host Caravel sends, and zooid listens on that port
        URI api = URI.create(added.get("ZOOID_API_URL"));
        assertThat(unitEnv(zooidUnit).get("API_HOST")).isEqualTo(api.getHost() + ":" + api.getPort());
        assertThat(unitEnv(zooidUnit).get("PORT")).isEqualTo(Integer.toString(api.getPort()));
        assertThat(added.get("ZOOID_RELAY_ORIGIN")).isEqualTo(added.get("ZOOID_API_URL"));
        // Caddy's upstreams in the guide are where Caravel and zooid listen
        assertThat(guide)
                .contains("CARAVEL_UPSTREAM=" + added.get("HOST") + ":" + added.get("PORT"))
                .contains("ZOOID_UPSTREAM=" + api.getHost() + ":" + api.getPort());
    }

    @Test
    void theUnitsRunWhatTheGuideInstalls() {
        assertThat(caravelUnit)
                .contains("ExecStart=/usr/bin/java @/opt/caravel/jvm.options -jar /opt/caravel/caravel.jar")
                .contains("EnvironmentFile=/etc/caravel/caravel.env")
                .contains("User=caravel");
        assertThat(guide)
                .contains("install -m 644 backend/target/caravel.jar deploy/jvm.options /opt/caravel/")
                .contains("/etc/caravel/caravel.env")
                .contains(
                        "install -m 644 deploy/systemd/caravel.service deploy/systemd/zooid.service /etc/systemd/system/");
        assertThat(zooidUnit)
                .contains("ExecStart=/opt/zooid/zooid")
                .contains("WorkingDirectory=/opt/zooid")
                .contains("EnvironmentFile=/etc/zooid/zooid.env")
                .contains("User=zooid");
        assertThat(guide).contains("/etc/zooid/zooid.env").contains("API_WHITELIST=");
        // zooid's folders are in its state directory, which systemd creates for its user
        Map<String, String> env = unitEnv(zooidUnit);
        for (String folder : List.of("CONFIG", "DATA", "MEDIA"))
            assertThat(env.get(folder)).as(folder).startsWith("/var/lib/zooid/");
        assertThat(zooidUnit).containsPattern("StateDirectory=zooid zooid/config zooid/data zooid/media\n");
    }

    /** The KEY=value lines of the guide's block for /etc/caravel/caravel.env. */
    private static Map<String, String> envBlock() {
        int at = guide.indexOf("Add to\n  `/etc/caravel/caravel.env`:");
        assertThat(at).as("the guide's caravel.env block").isPositive();
        String block =
                guide.substring(guide.indexOf("```sh", at) + 5, guide.indexOf("```", guide.indexOf("```sh", at) + 5));
        Map<String, String> out = new HashMap<>();
        for (String line : block.strip().split("\n", -1)) {
            String t = line.strip();
            out.put(t.substring(0, t.indexOf('=')), t.substring(t.indexOf('=') + 1));
        }
        return out;
    }

    /** Environment= assignments of a unit (several per line allowed). */
    private static Map<String, String> unitEnv(String unit) {
        Map<String, String> out = new HashMap<>();
        for (String line : unit.split("\n", -1)) {
            if (!line.startsWith("Environment=")) continue;
            for (String kv : line.substring("Environment=".length()).split(" ", -1))
                out.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        return out;
    }
}
