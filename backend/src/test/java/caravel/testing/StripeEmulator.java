package caravel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** stack/stripe-emulator on a random port, with its test control interface (complete a checkout, move time, fail cards). */
public final class StripeEmulator implements AutoCloseable {
    private final NodePeer peer;
    public final String url, secretKey, webhookSecret, priceBasic, priceGrowth;

    public StripeEmulator() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                "node",
                NostrTools.root().resolve("stack/stripe-emulator/server.mjs").toString());
        pb.environment().put("PORT", "0");
        peer = new NodePeer("the Stripe emulator", pb, 30, false);
        JsonNode ready = peer.ready;
        url = ready.get("url").asText();
        secretKey = ready.get("secret_key").asText();
        webhookSecret = ready.get("webhook_secret").asText();
        priceBasic = ready.get("price_basic").asText();
        priceGrowth = ready.get("price_growth").asText();
    }

    /** The STRIPE_* settings that point a backend at this emulator. */
    public void configure(Map<String, String> env) {
        env.put("STRIPE_SECRET_KEY", secretKey);
        env.put("STRIPE_WEBHOOK_SECRET", webhookSecret);
        env.put("STRIPE_PRICE_BASIC", priceBasic);
        env.put("STRIPE_PRICE_GROWTH", priceGrowth);
        env.put("STRIPE_API_BASE", url);
    }

    public JsonNode control(String method, String path, String body) {
        return NodePeer.control(method, url + "/control/" + path, body);
    }

    public void webhooksTo(String endpoint) {
        control("POST", "webhook", "{\"url\":\"" + endpoint + "\"}");
    }

    public JsonNode state() {
        return control("GET", "state", null);
    }

    /** Waits until every event so far was delivered. */
    public void idle() {
        control("GET", "idle", null);
    }

    /** A browser form post on one of the hosted pages; returns the status code and body. */
    public HttpResponse<String> form(String pathOrUrl, String body) {
        String target = pathOrUrl.startsWith("http") ? pathOrUrl : url + pathOrUrl;
        return NodePeer.send(HttpRequest.newBuilder(URI.create(target))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    @Override
    public void close() {
        peer.close();
    }
}
