package caravel.backups;

import caravel.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A backup's table of contents, {@code manifest.json}: the format and its version, the relay it was taken of, counts,
 * and every other file with its size and sha256. A backup is trusted only as far as its manifest: a restore reads
 * nothing the manifest does not list, and checks each file against it first.
 */
public record Manifest(
        String backupId,
        String relayId,
        String subdomain,
        String plan,
        long createdAt,
        Map<String, Long> counts,
        String mediaNote,
        List<Entry> files) {
    public static final String FILE = "manifest.json";
    public static final String FORMAT = "caravel-relay-backup";
    public static final int VERSION = 1;
    public static final String EVENTS = "events.jsonl";
    public static final String MEDIA = "media.json";
    /** Blobs live at media/&lt;sha256&gt;. */
    public static final String MEDIA_DIR = "media/";

    private static final Pattern PATH = Pattern.compile("[a-z][a-z0-9_-]{0,40}\\.(json|jsonl)|media/[0-9a-f]{64}");

    public Manifest {
        counts = Map.copyOf(counts);
        files = List.copyOf(files);
    }

    /** One file: its path in the backup, its size in bytes and its sha256 (hex). */
    public record Entry(String path, long size, String sha256) {}

    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }

    /** Whether a path can be part of a backup at all (what an uploaded archive may hold). */
    public static boolean allowedPath(String path) {
        return path.equals(FILE) || PATH.matcher(path).matches();
    }

    public JsonNode toJson() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("format", FORMAT);
        out.put("version", VERSION);
        out.put("backup_id", backupId);
        ObjectNode relay = out.putObject("relay");
        relay.put("id", relayId);
        relay.put("subdomain", subdomain);
        relay.put("plan", plan);
        out.put("created_at", createdAt);
        ObjectNode c = out.putObject("counts");
        new java.util.TreeMap<>(counts).forEach(c::put);
        if (mediaNote != null) out.put("media_note", mediaNote);
        var list = out.putArray("files");
        for (Entry e : files)
            list.addObject().put("path", e.path()).put("size", e.size()).put("sha256", e.sha256());
        return out;
    }

    /** Reads a manifest; IllegalArgumentException says what is wrong (a foreign file, a missing field). */
    public static Manifest parse(byte[] bytes) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("manifest.json is not JSON");
        }
        if (n == null || !n.isObject()) throw new IllegalArgumentException("manifest.json is not a JSON object");
        if (!FORMAT.equals(n.path("format").asText()))
            throw new IllegalArgumentException("manifest.json is not a Caravel relay backup's (its format is \""
                    + n.path("format").asText("none") + "\", not \"" + FORMAT + "\")");
        if (n.path("version").asInt(-1) != VERSION)
            throw new IllegalArgumentException("manifest.json is of version "
                    + n.path("version").asText("none") + "; this Caravel reads " + VERSION);
        Map<String, Long> counts = new LinkedHashMap<>();
        n.path("counts")
                .properties()
                .forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        List<Entry> files = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode f : n.path("files")) {
            String path = f.path("path").asText("");
            String sha = f.path("sha256").asText("");
            if (!allowedPath(path) || path.equals(FILE))
                throw new IllegalArgumentException(
                        "manifest.json lists \"" + path + "\", which is not a backup's file");
            if (!BlossomMedia.SHA256.matcher(sha).matches()
                    || !f.path("size").canConvertToLong()
                    || f.path("size").asLong() < 0)
                throw new IllegalArgumentException("manifest.json gives " + path + " no valid size or sha256");
            if (!seen.add(path)) throw new IllegalArgumentException("manifest.json lists " + path + " twice");
            files.add(new Entry(path, f.path("size").asLong(), sha));
        }
        if (!seen.contains(EVENTS)) throw new IllegalArgumentException("manifest.json lists no " + EVENTS);
        return new Manifest(
                n.path("backup_id").asText(""),
                n.path("relay").path("id").asText(""),
                n.path("relay").path("subdomain").asText(""),
                n.path("relay").path("plan").asText(""),
                n.path("created_at").asLong(0),
                counts,
                n.hasNonNull("media_note") ? n.path("media_note").asText() : null,
                files);
    }

    public byte[] bytes() {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
