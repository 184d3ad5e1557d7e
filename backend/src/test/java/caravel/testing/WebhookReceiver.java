package caravel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * stack/webhook-receiver on a random port: receives Caravel's webhooks and checks them with the documented scheme's own
 * Node implementation (stack/webhook-receiver/verify.mjs), as a real receiver would.
 */
public final class WebhookReceiver implements AutoCloseable {
    private final NodePeer peer;
    public final String url;

    public WebhookReceiver() throws Exception {
        peer = new NodePeer(
                "the webhook receiver",
                new ProcessBuilder(
                        "node",
                        NostrTools.root()
                                .resolve("stack/webhook-receiver/server.mjs")
                                .toString(),
                        "--port",
                        "0"),
                30,
                false);
        url = peer.ready.get("url").asText();
    }

    /** Where deliveries for {@code name} go. */
    public String hook(String name) {
        return url + "/hooks/" + name;
    }

    /** The receiver checks {@code name}'s deliveries with this secret from now on. */
    public void secret(String name, String secret) {
        control("POST", "/control/secret", Api.json(java.util.Map.of("name", name, "secret", secret)));
    }

    /** {@code name}'s deliveries are answered {@code status} (0: normally), with a Location when given. */
    public void answer(String name, int status, String location) {
        var body = new java.util.HashMap<String, Object>();
        body.put("name", name);
        body.put("status", status);
        if (location != null) body.put("location", location);
        control("POST", "/control/answer", Api.json(body));
    }

    /** What arrived for {@code name}, once at least {@code count} did (or 20 s passed). */
    public JsonNode received(String name, int count) {
        return control(
                        "GET",
                        "/control/received?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&count=" + count
                                + "&wait_ms=20000",
                        null)
                .get("received");
    }

    private JsonNode control(String method, String path, String body) {
        return NodePeer.control(method, url + path, body);
    }

    @Override
    public void close() {
        peer.close();
    }
}
