package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.ListRows;
import caravel.testing.TestBackend;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * after/before on GET /relays, /tenants and /tenants/:pubkey/relays: the pages they reach are the numbered pages, the
 * cursors are null where the list ends, and anything but a cursor the list gave out is a 400 naming the parameter.
 */
@BothDatabases
class CursorPagingApiTest {
    @TempDir
    Path dir;

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static List<String> ids(JsonNode page, String field) {
        return page.get("items").findValuesAsText(field);
    }

    /** Numbered pages, then the same list walked by next_cursor and back by prev_cursor. */
    static void samePagesEitherWay(Api api, String token, String list, String field) {
        String sep = list.contains("?") ? "&" : "?";
        List<List<String>> numbered = new ArrayList<>();
        for (int n = 1; ; n++) {
            JsonNode p = ok(api.bearer(token, "GET", list + sep + "per_page=20&page=" + n, null));
            assertThat(p.get("page").asInt()).isEqualTo(n);
            if (n > 1 && p.get("items").isEmpty()) break;
            numbered.add(ids(p, field));
            if (p.get("items").size() < 20) break;
        }
        List<List<String>> forwards = new ArrayList<>();
        JsonNode p = ok(api.bearer(token, "GET", list + sep + "per_page=20", null));
        assertThat(p.get("prev_cursor").isNull()).isTrue();
        forwards.add(ids(p, field));
        while (!p.get("next_cursor").isNull()) {
            p = ok(api.bearer(
                    token,
                    "GET",
                    list + sep + "per_page=20&after=" + enc(p.get("next_cursor").asText()),
                    null));
            assertThat(p.get("page").isNull())
                    .as("no page number on a page by cursor")
                    .isTrue();
            forwards.add(ids(p, field));
        }
        assertThat(forwards).as(list + " forwards").isEqualTo(numbered);
        List<List<String>> backwards = new ArrayList<>(List.of(ids(p, field)));
        while (!p.get("prev_cursor").isNull()) {
            p = ok(api.bearer(
                    token,
                    "GET",
                    list + sep + "per_page=20&before="
                            + enc(p.get("prev_cursor").asText()),
                    null));
            backwards.addFirst(ids(p, field));
        }
        assertThat(backwards).as(list + " backwards").isEqualTo(numbered);
    }

    @Test
    void cursorsWalkTheListsAsThePageNumbersDo() {
        try (TestBackend b = new TestBackend(dir)) {
            ListRows rows = ListRows.insert(Inside.of(b.app).db().jdbi(), 45, 300, 25);
            String admin = b.api.as(b.admin, "POST", "/auth/session", null)
                    .json()
                    .get("token")
                    .asText();
            String owner = rows.tenants.getFirst().pubkey();
            for (String list : new String[] {
                "/relays",
                "/relays?status=active",
                "/relays?q=garden",
                "/relays?q=garden&status=pending&plan=free",
                "/relays?tenant=" + owner,
                "/tenants",
                "/tenants?status=active",
                "/tenants/" + owner + "/relays",
            })
                samePagesEitherWay(
                        b.api, admin, list, list.startsWith("/tenants?") || list.equals("/tenants") ? "pubkey" : "id");
            // the owner pages through their own relays by cursor too
            String mine = "/tenants/" + owner + "/relays";
            JsonNode first = ok(b.api.as(rows.tenants.getFirst(), "GET", mine + "?per_page=5", null));
            JsonNode second = ok(b.api.as(
                    rows.tenants.getFirst(),
                    "GET",
                    mine + "?per_page=5&after=" + enc(first.get("next_cursor").asText()),
                    null));
            assertThat(ids(second, "id"))
                    .isEqualTo(
                            ids(ok(b.api.as(rows.tenants.getFirst(), "GET", mine + "?per_page=5&page=2", null)), "id"));
        }
    }

    @Test
    void anythingButTheListsOwnCursorIsA400NamingTheParameter() {
        try (TestBackend b = new TestBackend(dir)) {
            ListRows.insert(Inside.of(b.app).db().jdbi(), 10, 30, 4);
            String admin = b.api.as(b.admin, "POST", "/auth/session", null)
                    .json()
                    .get("token")
                    .asText();
            JsonNode first = ok(b.api.bearer(admin, "GET", "/relays?per_page=5", null));
            String next = first.get("next_cursor").asText();
            String prev = ok(b.api.bearer(admin, "GET", "/relays?per_page=5&page=2", null))
                    .get("prev_cursor")
                    .asText();
            String tenantCursor = ok(b.api.bearer(admin, "GET", "/tenants?per_page=2", null))
                    .get("next_cursor")
                    .asText();
            String[][] refused = { // query, the field named
                {"after=garbage", "after"},
                {"after=" + enc("' OR 1=1 --"), "after"},
                {"after=" + next.substring(0, 12) + (next.charAt(12) == 'x' ? 'y' : 'x') + next.substring(13), "after"},
                {"after=" + next.substring(0, next.length() - 4), "after"},
                {"after=" + "A".repeat(300), "after"},
                {"after=" + tenantCursor, "after"},
                {"before=" + enc("???"), "before"},
                {"before=" + prev + "x", "before"},
                {"after=" + next + "&page=2", "page"},
                {"page=1&before=" + prev, "page"},
                {"after=" + next + "&before=" + prev, "before"},
            };
            for (String[] r : refused) {
                Api.Response res = b.api.bearer(admin, "GET", "/relays?" + r[0], null);
                assertThat(res.status()).as(r[0] + ": " + res.body()).isEqualTo(400);
                assertThat(res.json().get("field").asText()).as(r[0]).isEqualTo(r[1]);
                assertThat(res.json().get("code").asText()).as(r[0]).isEqualTo("invalid_input");
                assertThat(res.json().get("error").asText()).as(r[0]).contains(r[1]);
            }
            Api.Response wrongList = b.api.bearer(admin, "GET", "/tenants?after=" + next, null);
            assertThat(wrongList.status()).isEqualTo(400);
            assertThat(wrongList.json().get("field").asText()).isEqualTo("after");
            // an empty cursor is no cursor, as an empty page is no page
            assertThat(ok(b.api.bearer(admin, "GET", "/relays?per_page=5&after=", null))
                            .get("page")
                            .asInt())
                    .isEqualTo(1);
        }
    }
}
