package caravel.bench;

import caravel.nostr.Keys;
import caravel.testing.Api;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The read floor: a plain Nostr client reading every event of a relay as a member, with none of Caravel's code in
 * between: AUTH, then REQs of 1,000 (zooid's cap) walking back by {@code until} as any client must, each event parsed
 * and nothing checked or kept but the ids of the oldest second (so a second split across pages is read once).
 */
final class ReadFloor {
    private ReadFloor() {}

    /** How many events the relay at {@code host} (reached on 127.0.0.1:{@code port}) gave {@code member}. */
    static long read(String host, int port, Keys member) throws Exception {
        BlockingQueue<String> in = new LinkedBlockingQueue<>();
        StringBuilder part = new StringBuilder();
        WebSocket ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Host", host)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        part.append(data);
                        if (last) {
                            in.add(part.toString());
                            part.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                })
                .get(30, TimeUnit.SECONDS);
        try {
            JsonNode challenge = next(in);
            if (!challenge.path(0).asText().equals("AUTH")) throw new IllegalStateException("no AUTH: " + challenge);
            var auth = member.sign(
                    System.currentTimeMillis() / 1000,
                    22242,
                    List.of(
                            List.of("relay", "ws://" + host),
                            List.of("challenge", challenge.path(1).asText())),
                    "");
            ws.sendText("[\"AUTH\"," + auth.toJsonString() + "]", true).join();
            JsonNode ok = next(in);
            if (!ok.path(2).asBoolean()) throw new IllegalStateException("AUTH refused: " + ok);
            long count = 0;
            Long until = null;
            Set<String> boundary = new HashSet<>();
            for (int page = 0; ; page++) {
                ws.sendText(
                                "[\"REQ\",\"p" + page + "\",{\"limit\":1000"
                                        + (until == null ? "" : ",\"until\":" + until) + "}]",
                                true)
                        .join();
                long received = 0, oldest = Long.MAX_VALUE;
                Set<String> atOldest = new HashSet<>();
                while (true) {
                    JsonNode m = next(in);
                    String type = m.path(0).asText();
                    if (type.equals("EOSE")) break;
                    if (type.equals("CLOSED")) throw new IllegalStateException("REQ closed: " + m);
                    if (!type.equals("EVENT")) continue;
                    received++;
                    JsonNode e = m.path(2);
                    String id = e.path("id").asText();
                    long at = e.path("created_at").asLong();
                    if (until != null && at == until && boundary.contains(id)) continue;
                    count++;
                    if (at < oldest) {
                        oldest = at;
                        atOldest.clear();
                    }
                    if (at == oldest) atOldest.add(id);
                }
                ws.sendText("[\"CLOSE\",\"p" + page + "\"]", true).join();
                if (received < 1000) return count;
                if (atOldest.isEmpty()) {
                    until = until - 1; // a full page of one second read before: step past it
                    boundary.clear();
                } else {
                    if (until == null || oldest != until) boundary.clear();
                    boundary.addAll(atOldest);
                    until = oldest;
                }
            }
        } finally {
            ws.abort();
        }
    }

    private static JsonNode next(BlockingQueue<String> in) throws Exception {
        String text = in.poll(60, TimeUnit.SECONDS);
        if (text == null) throw new IllegalStateException("the relay went quiet");
        return (ArrayNode) Api.JSON.readTree(text);
    }
}
