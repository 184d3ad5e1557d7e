package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.Api;
import caravel.testing.TestBackend;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path openapi.json declares answers a method it does not declare with 405, an Allow header naming exactly the
 * declared methods, and the JSON error body; paths the API does not have stay 404.
 */
class MethodNotAllowedTest {
    @TempDir
    Path dir;

    /** OPTIONS is left out: the CORS plugin answers it on every path (a preflight). */
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> send(TestBackend b, String method, String path) throws Exception {
        var req = HttpRequest.newBuilder(URI.create(b.api.base() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/json")
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyUndeclaredMethodOfADeclaredPathIs405WithAllow() throws Exception {
        try (TestBackend b = new TestBackend(dir)) {
            JsonNode doc = b.api.send("GET", "/openapi.json", null, null).json();
            List<String> wrong = new ArrayList<>();
            int checked = 0;
            for (Iterator<String> p = doc.path("paths").fieldNames(); p.hasNext(); ) {
                String template = p.next();
                Set<String> declared = new TreeSet<>();
                doc.path("paths").path(template).fieldNames().forEachRemaining(m -> {
                    String upper = m.toUpperCase(Locale.ROOT);
                    // OPTIONS is never tried (CORS preflights answer it on every path), but a path that declares
                    // its own preflight lists it in Allow
                    if (METHODS.contains(upper) || upper.equals("OPTIONS")) declared.add(upper);
                });
                if (declared.contains("GET")) declared.add("HEAD");
                // any value routes to the template: no handler runs, so it is never looked up
                String path = template.replaceAll("\\{[^}]+}", "p1");
                for (String method : METHODS) {
                    if (declared.contains(method)) continue;
                    checked++;
                    HttpResponse<String> r = send(b, method, path);
                    Set<String> allow = r.headers()
                            .firstValue("Allow")
                            .map(a -> Arrays.stream(a.split(","))
                                    .map(String::trim)
                                    .collect(Collectors.toCollection(TreeSet::new)))
                            .orElse(new TreeSet<>());
                    boolean ok = r.statusCode() == 405
                            && allow.equals(declared)
                            && r.body().contains("\"code\":\"method_not_allowed\"");
                    if (!ok) wrong.add(method + " " + path + " -> " + r.statusCode() + " Allow=" + allow);
                }
            }
            assertThat(checked).as("undeclared method/path pairs").isGreaterThan(150);
            assertThat(wrong)
                    .as("undeclared methods not answered 405 with Allow")
                    .isEmpty();
        }
    }

    @Test
    void unknownPathsStay404AndAppPagesStillServeTheApp() throws Exception {
        try (TestBackend b = new TestBackend(dir)) {
            for (String method : List.of("GET", "POST", "DELETE")) {
                HttpResponse<String> r = send(b, method, "/no-such-route");
                assertThat(r.statusCode()).as(method).isEqualTo(404);
                assertThat(r.headers().firstValue("Allow")).as(method).isEmpty();
                assertThat(Api.JSON.readTree(r.body()).path("code").asText()).isEqualTo("not_found");
            }
            // a declared route answers its own method as before
            assertThat(send(b, "GET", "/plans").statusCode()).isEqualTo(200);
            assertThat(send(b, "HEAD", "/plans").statusCode()).isEqualTo(200);
        }
    }
}
