package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.Api;
import caravel.testing.TestBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A query parameter given twice, or a filter given empty, is a 400 that names it; a bad value names it too. */
class QueryParamsTest {
    @TempDir
    Path dir;

    @Test
    void repeatedParametersAreRefusedByName() throws Exception {
        try (TestBackend b = new TestBackend(dir)) {
            String[][] cases = {
                {"/relays?page=1&page=2", "page"},
                {"/relays?status=active&status=suspended", "status"},
                {"/relays?q=a&q=b", "q"},
                {"/relays?status=", "status"},
                {"/relays?plan=", "plan"},
                {"/relays?page=x", "page"},
                // an empty number is not a number (fuzzing: per_page= was taken as the default)
                {"/relays?per_page=", "per_page"},
                {"/relays?page=", "page"},
                // a NUL in the search term once reached the search index's query syntax and answered 500 (fuzzing)
                {"/relays?q=%02%19%F0%A5%A7%B6%5B%00%E7%BD%80", "q"},
                {"/relays?q=abc%00", "q"},
                {"/tenants?q=ab%7F", "q"},
            };
            for (String[] c : cases) {
                Api.Response r = b.api.as(b.admin, "GET", c[0], null);
                assertThat(r.status()).as(c[0]).isEqualTo(400);
                assertThat(r.json().path("field").asText()).as(c[0]).isEqualTo(c[1]);
                assertThat(r.json().path("code").asText()).as(c[0]).isEqualTo("invalid_input");
            }
            // given once or left out, they are taken as before; an empty search or cursor is none
            assertThat(b.api.as(b.admin, "GET", "/relays?page=1&per_page=5&status=active", null)
                            .status())
                    .isEqualTo(200);
            assertThat(b.api.as(b.admin, "GET", "/relays?q=&after=", null).status())
                    .isEqualTo(200);
            assertThat(b.api.as(b.admin, "GET", "/relays", null).status()).isEqualTo(200);
        }
    }
}
