package caravel.names;

import caravel.testing.Api;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Requests for /.well-known/nostr.json with the Host a relay host's visitor sends (Java's HTTP client will not set
 * Host): plain HTTP/1.1 over a socket, one request per connection.
 */
final class NamesHttp {
    private NamesHttp() {}

    record Reply(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return Api.JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /** GET nostr.json?name=… at the backend with this Host (and X-Forwarded-Host when not null). */
    static Reply get(Api api, String host, String forwardedHost, String name) {
        String path = "/.well-known/nostr.json"
                + (name == null ? "" : "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        return send(api, "GET", path, host, forwardedHost, Map.of());
    }

    static Reply send(
            Api api, String method, String path, String host, String forwardedHost, Map<String, String> headers) {
        URI base = URI.create(api.base());
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            req.append("Host: ").append(host).append("\r\n");
            if (forwardedHost != null)
                req.append("X-Forwarded-Host: ").append(forwardedHost).append("\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n", -1);
            int status = Integer.parseInt(lines[0].split(" ", -1)[1]);
            Map<String, String> hs = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                hs.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            String body = text.substring(end + 4);
            if ("chunked".equalsIgnoreCase(hs.get("transfer-encoding"))) body = unchunk(body);
            return new Reply(status, hs, body);
        } catch (java.io.IOException e) {
            throw new AssertionError(method + " " + path + " at " + host + " failed: " + e, e);
        }
    }

    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
            if (size == 0) return out.toString();
            out.append(body, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
