package caravel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The zooid the tests drive, as a child process: stack/zooid-emulator and its emulator-only control routes, or, when
 * {@code ZOOID_BIN} names a real zooid binary ({@link ZooidProgram}), that binary with the same ports, API host,
 * whitelist and config directory. Under a real binary, what only the emulator can do (planned failures, a reset, the
 * "newer" line) aborts the test with the reason — JUnit reports it skipped — and the few looks a test takes at zooid's
 * state are read the way an operator could ({@link RealZooidView}): config files, and NIP-86 as the relay's own key.
 */
public final class ZooidEmulator implements AutoCloseable {
    /**
     * How long a relay is not served after each write of its config: zooid's failed reload of a half-written file and
     * the good one come within the same second, so tests meet that window as Caravel meets it in production.
     */
    public static final int RELOAD_GAP_MS = 300;

    private final Process process;
    public final int port;
    public final String url;
    public final Path configDir;
    /** Which zooid this is: the emulator, or the real binary named by {@code ZOOID_BIN}. */
    public final ZooidProgram program;
    /** The real zooid's own process (the runner in between stops it; this makes sure). */
    private final java.util.Optional<ProcessHandle> zooidProcess;

    public ZooidEmulator(Path configDir, String whitelistPubkey, int port) throws Exception {
        this(configDir, whitelistPubkey, port, "archived");
    }

    /**
     * @param zooidLine which zooid line to behave as: "archived" (the frozen public image) or "newer". The API host is
     *             left to its default, exactly {@code 127.0.0.1:<port>}, as zooid compares it.
     */
    public ZooidEmulator(Path configDir, String whitelistPubkey, int port, String zooidLine) throws Exception {
        this(configDir, whitelistPubkey, port, zooidLine, RELOAD_GAP_MS);
    }

    /**
     * @param reloadGapMs how long a relay is not served after a write of its config, as in zooid ({@link #RELOAD_GAP_MS}
     *     unless a test is about that window)
     */
    public ZooidEmulator(Path configDir, String whitelistPubkey, int port, String zooidLine, int reloadGapMs)
            throws Exception {
        this.configDir = configDir;
        this.program = ZooidProgram.fromEnv();
        if (program.real() && !"archived".equals(zooidLine))
            Assumptions.abort("zooid line \"" + zooidLine + "\" is emulator-only: ZOOID_BIN runs the archived line");
        Peers.starting(program.describe());
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                "node",
                program.script().toString(),
                "--port",
                Integer.toString(port),
                "--config",
                configDir.toString(),
                "--api-whitelist",
                whitelistPubkey,
                "--line",
                zooidLine,
                "--reload-gap-ms",
                Integer.toString(reloadGapMs)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        // the runner reads ZOOID_BIN itself; keep only the harness's choice (an emulator run never sees one)
        if (program.real())
            pb.environment()
                    .put(ZooidProgram.ENV, program.binary().orElseThrow().toString());
        else pb.environment().remove(ZooidProgram.ENV);
        process = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return r.readLine();
            } catch (Exception e) {
                return null;
            }
        });
        String ready = line.get(30, TimeUnit.SECONDS);
        if (ready == null) throw new IllegalStateException(program.describe() + " did not start");
        JsonNode j = Api.JSON.readTree(ready);
        this.port = j.get("port").asInt();
        this.url = j.get("url").asText();
        this.zooidProcess = j.has("pid") ? ProcessHandle.of(j.get("pid").asLong()) : java.util.Optional.empty();
        // a platform thread: a virtual one blocked reading the pipe holds its carrier, and with two of them on a
        // 2-core machine nothing else ran (the benchmark's backend hung starting its server)
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (r.readLine() != null) {
                    /* drain */
                }
            } catch (Exception ignored) {
                // the process ended or its output closed: nothing more to read
            }
        });
    }

    /** Points a backend's settings at this zooid (emulator or real), signing its API calls with {@code apiKey} (whitelisted). */
    public void pointAt(java.util.Map<String, String> env, caravel.nostr.Keys apiKey) {
        env.put("ZOOID_API_URL", url);
        env.put("ZOOID_RELAY_ORIGIN", url);
        env.put("ZOOID_API_SECRET", apiKey.secretHex());
    }

    /**
     * RESTORE_EVENTS_COMMAND for this zooid (node "default"): on a real zooid the operator's deploy/zooid-restore-events
     * on its database (zooid's DATA folder beside the config folder); on the emulator its stand-in, which writes through
     * a control route.
     */
    public String restoreEventsCommand() {
        if (real())
            return "env ZOOID_DB_DEFAULT=" + database() + " sh "
                    + NostrTools.root().resolve("deploy/zooid-restore-events");
        return "node " + NostrTools.root().resolve("stack/zooid-emulator/restore-events.mjs") + " --node default="
                + url;
    }

    /**
     * PURGE_RELAY_COMMAND for this zooid (node "default"): on a real zooid the operator's deploy/zooid-purge-relay on
     * its database and media folder (zooid's DATA and MEDIA beside the config folder); on the emulator its stand-in,
     * which removes the schema's events and blobs through a control route.
     */
    public String purgeCommand() {
        if (real())
            return "env ZOOID_DB_DEFAULT=" + database() + " ZOOID_MEDIA_DEFAULT=" + mediaDir() + " sh "
                    + NostrTools.root().resolve("deploy/zooid-purge-relay");
        return "node " + NostrTools.root().resolve("stack/zooid-emulator/purge-relay.mjs") + " --node default=" + url;
    }

    /** What zooid keeps of a schema, config or not: its events table (absent: null) and its media files. */
    public record Kept(Integer events, int mediaFiles) {}

    /**
     * What this zooid keeps under {@code schema}: on a real zooid read as an operator would (its database's
     * {@code <schema>__events} table, its media folder), on the emulator through a control route.
     */
    public Kept kept(String schema) {
        if (!real()) {
            JsonNode j = control("GET", "/_emulator/schemas/" + schema, null);
            int events = j.get("events").asInt();
            return new Kept(events == 0 ? null : events, j.get("blobs").asInt());
        }
        int files;
        java.nio.file.Path folder = mediaDir().resolve(schema);
        try (var list = java.nio.file.Files.exists(folder)
                ? java.nio.file.Files.list(folder)
                : java.util.stream.Stream.<java.nio.file.Path>empty()) {
            files = (int) list.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String db = "jdbc:sqlite:file:" + database() + "?mode=ro";
        try (var c = java.sql.DriverManager.getConnection(db);
                var tables =
                        c.prepareStatement("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            tables.setString(1, schema + "__events");
            try (var rs = tables.executeQuery()) {
                rs.next();
                if (rs.getInt(1) == 0) return new Kept(null, files);
            }
            // the schema is checked by the caller's own naming (letters, digits, underscores) before it is a table name
            if (!schema.matches("[a-z_][a-z0-9_]*")) throw new IllegalArgumentException("not a schema: " + schema);
            try (var count = c.createStatement();
                    var rs = count.executeQuery("SELECT count(*) FROM " + schema + "__events")) {
                rs.next();
                return new Kept(rs.getInt(1), files);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("reading zooid's database: " + e.getMessage(), e);
        }
    }

    /** A real zooid's database file (its $DATA/db): what the operator's deploy/zooid-* scripts are pointed at. */
    public java.nio.file.Path database() {
        if (!real()) throw new IllegalStateException("the zooid emulator keeps no zooid database");
        return dataDir().resolve("db");
    }

    /** A real zooid's DATA and MEDIA folders: beside its config folder (stack/zooid-binary). */
    private java.nio.file.Path dataDir() {
        return configDir.resolveSibling(configDir.getFileName() + "-data");
    }

    private java.nio.file.Path mediaDir() {
        return configDir.resolveSibling(configDir.getFileName() + "-media");
    }

    /** True when this is a real zooid binary, not the emulator. */
    public boolean real() {
        return program.real();
    }

    /** Aborts the calling test (JUnit: skipped, with the reason) when this is a real zooid: {@code what} is emulator-only. */
    public void requireEmulator(String what) {
        if (real()) Assumptions.abort(what + " is emulator-only; this run uses " + program.describe());
    }

    /** Every relay config zooid holds, by id (zooid itself has no route to read them back). */
    public JsonNode relays() {
        if (real()) return RealZooidView.relays(configDir);
        return control("GET", "/_emulator/relays", null);
    }

    public JsonNode relay(String id) {
        return relays().get(id);
    }

    /**
     * {@code pubkey} becomes a member as if it had joined (zooid's 8000 + 13534); refused for a banned pubkey and a
     * relay zooid does not serve. On a real zooid: NIP-86 {@code allowpubkey} as the relay's own key, after checking
     * the ban list, since allowpubkey would also lift a ban and a join cannot.
     */
    public void addMember(String id, String pubkey) {
        if (real()) {
            JsonNode config = relay(id);
            if (config == null) throw new IllegalStateException("zooid has no relay " + id);
            if (RealZooidView.nip86(url, config, "listbannedpubkeys", java.util.List.of())
                    .findValuesAsText("pubkey")
                    .contains(pubkey))
                throw new IllegalStateException(id + ": " + pubkey + " is banned: a join would be refused");
            RealZooidView.nip86(url, config, "allowpubkey", java.util.List.of(pubkey, "test"));
            return;
        }
        control("POST", "/_emulator/relays/" + id + "/members", "{\"pubkey\":\"" + pubkey + "\",\"reason\":\"test\"}");
    }

    /** The next {@code count} API requests fail with {@code status} (0: dropped). Emulator-only. */
    public void failNext(int status, int count) {
        requireEmulator("planning zooid API failures (failNext)");
        control("POST", "/_emulator/fail", "{\"status\":" + status + ",\"count\":" + count + ",\"target\":\"api\"}");
    }

    /**
     * An emulator control route (stack/zooid-emulator/control.mjs). On a real zooid only the reads it can answer for
     * itself are served — configs, members (listallowedpubkeys), bans (listbannedpubkeys), as the relay's key —
     * and anything else aborts the test as emulator-only.
     */
    public JsonNode control(String method, String path, String body) {
        if (real()) return realControl(method, path);
        return NodePeer.control(method, url + path, body);
    }

    private JsonNode realControl(String method, String path) {
        String[] parts = path.split("/", -1);
        // "", "_emulator", "relays", id, sub
        if ("GET".equals(method) && parts.length >= 3 && parts[1].equals("_emulator") && parts[2].equals("relays")) {
            if (parts.length == 3) return relays();
            JsonNode config = relay(parts[3]);
            if (config == null) throw new IllegalStateException(path + " → 404 relay not found");
            if (parts.length == 4) return config;
            if (parts.length == 5 && parts[4].equals("members"))
                return RealZooidView.nip86(url, config, "listallowedpubkeys", java.util.List.of());
            if (parts.length == 5 && parts[4].equals("banned"))
                return RealZooidView.nip86(url, config, "listbannedpubkeys", java.util.List.of());
        }
        requireEmulator("the control route " + method + " " + path);
        throw new IllegalStateException("unreachable");
    }

    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
            // the runner stops zooid before it exits; should it have been killed, zooid must not keep the port
            zooidProcess.ifPresent(z -> {
                z.destroy();
                try {
                    z.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    z.destroyForcibly();
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping anyway; the caller sees the interrupt
        }
    }
}
