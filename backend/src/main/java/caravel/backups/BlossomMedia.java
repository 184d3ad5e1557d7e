package caravel.backups;

import caravel.domain.Epoch;
import caravel.json.Json;
import caravel.nostr.Event;
import caravel.relayaccess.RelayAccess;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A hosted relay's Blossom media (BUD-01/02), reached on the relay's own host as the relay key, which zooid counts as
 * a member (kind 24242 authorizations, valid for a minute).
 *
 * <p>zooid offers no way to list every blob of a relay: Blossom lists the blobs one key uploaded ({@code GET
 * /list/<pubkey>}). So a relay's media is found as the union of what each member, the relay key and the events' other
 * authors (former members, see {@link EventAuthors}) uploaded and every blob the relay's events name (an {@code x} or
 * {@code imeta x} tag, a URL ending in a sha256). A blob uploaded by someone who is no longer a member and never
 * posted, and named by no event, cannot be found; the backup's media note says so.
 */
public final class BlossomMedia {
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern URL_HASH = Pattern.compile("/([0-9a-f]{64})(?:\\.[A-Za-z0-9]{1,10})?(?:[?#].*)?$");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** zooid's bound on one upload (10 MiB, both lines): a larger blob can never be put on a relay. */
    public static final long MAX_BLOB_BYTES = 10L * 1024 * 1024;

    private final HttpClient http;
    private final Clock clock;

    public BlossomMedia(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** One blob as Blossom describes it. */
    public record Blob(String sha256, long size, String type) {}

    /** The media's answer was not what Blossom answers (a status, a body): the message says which. */
    public static final class MediaUnavailable extends IOException {
        public MediaUnavailable(String message) {
            super(message);
        }
    }

    private String auth(RelayAccess.Target t, String verb, String sha256) {
        long now = Epoch.seconds(clock);
        List<List<String>> tags = new java.util.ArrayList<>();
        tags.add(List.of("t", verb));
        tags.add(List.of("expiration", Long.toString(now + 60)));
        if (sha256 != null) tags.add(List.of("x", sha256));
        Event e = t.keys().sign(now, 24242, tags, "Caravel backup: " + verb);
        return "Nostr " + Base64.getEncoder().encodeToString(e.toJsonString().getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(RelayAccess.Target t, String path) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(t.httpOrigin().resolve(path)).timeout(TIMEOUT);
        t.hostHeader().ifPresent(h -> b.header("Host", h));
        return b;
    }

    private static String reason(HttpResponse<?> r) {
        return "HTTP " + r.statusCode()
                + r.headers().firstValue("X-Reason").map(x -> " \"" + x + "\"").orElse("");
    }

    /** The blobs {@code pubkey} uploaded. */
    public Map<String, Blob> uploadedBy(RelayAccess.Target t, String pubkey) throws IOException {
        HttpResponse<String> r = send(
                request(t, "/list/" + pubkey)
                        .header("Authorization", auth(t, "list", null))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200)
            throw new MediaUnavailable(
                    "the relay's Blossom server refused to list the media of " + pubkey + " (" + reason(r) + ")");
        JsonNode list;
        try {
            list = Json.parse(r.body());
        } catch (IllegalArgumentException e) {
            throw new MediaUnavailable("the relay's Blossom list answer is not JSON");
        }
        Map<String, Blob> out = new LinkedHashMap<>();
        for (JsonNode d : list) {
            String sha = d.path("sha256").asText("");
            if (SHA256.matcher(sha).matches())
                out.put(
                        sha,
                        new Blob(sha, d.path("size").asLong(0), d.path("type").asText("application/octet-stream")));
        }
        return out;
    }

    /** Whether the relay holds the blob, and its size and type (HEAD, which zooid answers without auth). */
    public Optional<Blob> describe(RelayAccess.Target t, String sha256) throws IOException {
        HttpResponse<Void> r = send(
                request(t, "/" + sha256)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 404) return Optional.empty();
        if (r.statusCode() != 200)
            throw new MediaUnavailable(
                    "the relay's Blossom server did not say whether it holds " + sha256 + " (" + reason(r) + ")");
        return Optional.of(new Blob(
                sha256,
                r.headers().firstValueAsLong("Content-Length").orElse(0),
                r.headers().firstValue("Content-Type").orElse("application/octet-stream")));
    }

    /**
     * Whether the relay serves the blob whole: its bytes read back (GET) hash to its name. HEAD cannot say: zooid
     * answers it from its index, which is written before the file, so a blob whose file write was cut (zooid killed
     * while writing it) is announced at its full size while its file holds only what reached the disk.
     *
     * @return false when the relay does not hold it, or serves other bytes
     */
    public boolean servesWhole(RelayAccess.Target t, String sha256) throws IOException {
        HttpResponse<InputStream> r = send(
                request(t, "/" + sha256)
                        .header("Authorization", auth(t, "get", sha256))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() == 404) return false;
            if (r.statusCode() != 200)
                throw new MediaUnavailable(
                        "the relay's Blossom server refused the blob " + sha256 + " (" + reason(r) + ")");
            return Digests.of(in).sha256().equals(sha256);
        }
    }

    /** The blob's bytes, streamed; the caller closes the stream. */
    public InputStream download(RelayAccess.Target t, String sha256) throws IOException {
        HttpResponse<InputStream> r = send(
                request(t, "/" + sha256)
                        .header("Authorization", auth(t, "get", sha256))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            throw new MediaUnavailable(
                    "the relay's Blossom server refused the blob " + sha256 + " (" + reason(r) + ")");
        }
        return r.body();
    }

    /** Uploads the file as the relay key; the relay must answer with the same hash. */
    public void upload(RelayAccess.Target t, Path file, String sha256, String type) throws IOException {
        HttpResponse<String> r = send(
                request(t, "/upload")
                        .header("Authorization", auth(t, "upload", sha256))
                        .header("Content-Type", type == null || type.isBlank() ? "application/octet-stream" : type)
                        .PUT(HttpRequest.BodyPublishers.ofFile(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200)
            throw new MediaUnavailable(
                    "the relay's Blossom server refused the upload of " + sha256 + " (" + reason(r) + ")");
        String got;
        try {
            got = Json.parse(r.body()).path("sha256").asText("");
        } catch (IllegalArgumentException e) {
            got = "";
        }
        if (!got.equals(sha256)) throw new MediaUnavailable("the relay stored the upload of " + sha256 + " as " + got);
    }

    /** Blobs an event names: {@code x} tags, {@code imeta} entries {@code x <hash>} and {@code url <...hash>}, URLs. */
    public static void referencedBy(Event e, java.util.Set<String> into) {
        for (List<String> tag : e.tags()) {
            if (tag.size() >= 2
                    && tag.get(0).equals("x")
                    && SHA256.matcher(tag.get(1)).matches()) into.add(tag.get(1));
            if (!tag.isEmpty() && tag.get(0).equals("imeta"))
                for (String entry : tag.subList(1, tag.size())) {
                    if (entry.startsWith("x ")
                            && SHA256.matcher(entry.substring(2)).matches()) into.add(entry.substring(2));
                    if (entry.startsWith("url ")) urlHash(entry.substring(4), into);
                }
        }
        var words = java.util.regex.Pattern.compile("https?://\\S+").matcher(e.content());
        while (words.find()) urlHash(words.group(), into);
    }

    private static void urlHash(String url, java.util.Set<String> into) {
        var m = URL_HASH.matcher(url);
        if (m.find()) into.add(m.group(1));
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(req, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** For the listing's note: a URL a person can read. */
    static String origin(RelayAccess.Target t) {
        return URI.create("https://" + t.host()).toString();
    }
}
