package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.domain.RelayStatus;
import caravel.testing.ListRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paging the relay and tenant lists by cursor gives exactly the pages paging by number gives, in the same order —
 * with ties in the sort key and with every filter — forwards by next_cursor and backwards by prev_cursor; and a
 * cursor page is an index seek.
 */
class CursorPagingTest {
    static final int PER_PAGE = 7;

    @TempDir
    Path dir;

    Database db;
    RelayStore relays;
    TenantStore tenants;
    ListRows rows;

    @BeforeEach
    void seed() {
        db = caravel.testing.TestDatabases.open(dir.resolve("paging.db"));
        relays = new RelayStore(db.jdbi(), db.dataSource());
        tenants = new TenantStore(db.jdbi());
        // 25 relays per second: every page boundary (7 per page) falls inside a run of equal created_at
        rows = ListRows.insert(db.jdbi(), 40, 400, 25);
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** The pages of a list read by number, from the first until one comes back short. */
    static <T> List<List<String>> byNumber(Function<Page.Request, Page<T>> list, Function<T, String> id) {
        List<List<String>> pages = new ArrayList<>();
        for (int n = 1; ; n++) {
            Page<T> p = list.apply(new Page.Request(n, PER_PAGE));
            if (p.items().isEmpty() && n > 1) break; // an empty list has one, empty, page
            pages.add(p.items().stream().map(id).toList());
            if (p.items().size() < PER_PAGE) break;
        }
        return pages;
    }

    /** The pages read by following next_cursor from the first page, then prev_cursor back from the last. */
    record Walk(List<List<String>> forwards, List<List<String>> backwards) {}

    static <T> Walk walk(Function<Page.Request, Page<T>> list, SortKey<T> key, Function<T, String> id) {
        List<List<String>> forwards = new ArrayList<>();
        Page<T> p = list.apply(new Page.Request(1, PER_PAGE));
        assertThat(p.prevCursor()).as("nothing before the first page").isNull();
        while (true) {
            forwards.add(p.items().stream().map(id).toList());
            if (p.nextCursor() == null) break;
            p = list.apply(new Page.Request(
                    1, PER_PAGE, new Page.Seek(Page.Seek.Direction.AFTER, key.position(p.nextCursor()))));
            assertThat(p.page()).as("a page by cursor has no number").isNull();
        }
        List<List<String>> backwards = new ArrayList<>();
        backwards.addFirst(forwards.getLast());
        while (p.prevCursor() != null) {
            p = list.apply(new Page.Request(
                    1, PER_PAGE, new Page.Seek(Page.Seek.Direction.BEFORE, key.position(p.prevCursor()))));
            backwards.addFirst(p.items().stream().map(id).toList());
        }
        return new Walk(forwards, backwards);
    }

    static <T> void samePagesEitherWay(
            String what, Function<Page.Request, Page<T>> list, SortKey<T> key, Function<T, String> id) {
        List<List<String>> expected = byNumber(list, id);
        Walk walk = walk(list, key, id);
        assertThat(walk.forwards()).as(what + ", forwards by after").isEqualTo(expected);
        assertThat(walk.backwards()).as(what + ", backwards by before").isEqualTo(expected);
    }

    @Test
    void walkingTheRelayListByCursorGivesTheNumberedPagesWithEveryFilter() {
        String owner = rows.tenants.getFirst().pubkey();
        String[][] filters = { // tenant, q, status, plan
            {null, null, null, null},
            {null, null, "active", null},
            {null, null, null, "basic"},
            {null, null, "inactive", "growth"},
            {owner, null, null, null},
            {owner, null, "suspended", null},
            {null, "garden", null, null}, // trigram index, hits read by rowid
            {null, "garden", "pending", null},
            {null, "ga", null, null}, // too short for a trigram: a scan
            {null, owner.substring(0, 10), null, null}, // the owner's pubkey prefix
            {owner, "chess", "active", "free"},
            {null, "no such relay", null, null},
        };
        for (String[] f : filters) {
            String what =
                    "tenant=" + (f[0] == null ? null : "first") + " q=" + f[1] + " status=" + f[2] + " plan=" + f[3];
            samePagesEitherWay(
                    what, req -> relays.list(f[0], f[1], status(f[2]), f[3], req), RelayStore.LIST_ORDER, Relay::id);
        }
        assertThat(byNumber(req -> relays.list(null, null, null, null, req), Relay::id))
                .as("every relay once")
                .hasSize((400 + PER_PAGE - 1) / PER_PAGE);
    }

    /** A common word's hits are joined by walking the list order (+rowid), not hit by hit: cursors work there too. */
    @Test
    void aBroadSearchWalkedInListOrderPagesTheSameByCursor() {
        for (String status : new String[] {null, "active"})
            samePagesEitherWay(
                    "broad garden, status " + status,
                    req -> db.jdbi()
                            .withHandle(h -> Page.of(
                                    new Filters()
                                            .eq("status", "status", status)
                                            .apply(f -> RelaySearch.apply(h, f, "garden", 0))
                                            .slice(
                                                    h,
                                                    "SELECT *",
                                                    "FROM relays",
                                                    RelayStore.LIST_ORDER,
                                                    req,
                                                    RelayStore::map),
                                    0,
                                    true,
                                    req)),
                    RelayStore.LIST_ORDER,
                    Relay::id);
    }

    @Test
    void walkingTheTenantListByCursorGivesTheNumberedPages() {
        String prefix = rows.tenants.get(3).pubkey().substring(0, 1);
        for (String[] f : new String[][] {{null, null}, {null, "active"}, {null, "suspended"}, {prefix, null}})
            samePagesEitherWay(
                    "prefix=" + f[0] + " status=" + f[1],
                    req -> tenants.list(f[0], f[1], req),
                    TenantStore.LIST_ORDER,
                    Tenant::pubkey);
    }

    /**
     * Every relay created in the same second: only the tie-breaker (the id) tells the rows apart, so a cursor that
     * carried created_at alone would end the walk after the first page — which the control below shows.
     */
    @Test
    void rowsSharingTheirCreationSecondAreEachListedOnce() {
        db.close();
        db = caravel.testing.TestDatabases.open(dir.resolve("one-second.db"));
        relays = new RelayStore(db.jdbi(), db.dataSource());
        ListRows.insert(db.jdbi(), 40, 400, 400);
        samePagesEitherWay(
                "all in one second", req -> relays.list(null, null, null, null, req), RelayStore.LIST_ORDER, Relay::id);
        List<String> all = byNumber(req -> relays.list(null, null, null, null, req), Relay::id).stream()
                .flatMap(List::stream)
                .toList();
        assertThat(all).hasSize(400).doesNotHaveDuplicates();

        SortKey<Relay> withoutTieBreaker =
                new SortKey<>("relays", List.of(SortKey.integer("created_at", SortKey.Order.DESC, Relay::createdAt)));
        Walk lossy = walk(
                req -> db.jdbi()
                        .withHandle(h -> Page.of(
                                new Filters()
                                        .slice(h, "SELECT *", "FROM relays", withoutTieBreaker, req, RelayStore::map),
                                0,
                                true,
                                req)),
                withoutTieBreaker,
                Relay::id);
        assertThat(lossy.forwards().stream().mapToInt(List::size).sum())
                .as("control: without the tie-breaker the walk stops after the first page")
                .isEqualTo(PER_PAGE);
    }

    @Test
    void theCursorsSayWhereTheListEnds() {
        Page<Relay> first = relays.list(null, null, null, null, new Page.Request(1, PER_PAGE));
        assertThat(first.page()).isEqualTo(1);
        assertThat(first.prevCursor()).isNull();
        assertThat(first.nextCursor()).isNotNull();
        Page<Relay> second = relays.list(null, null, null, null, new Page.Request(2, PER_PAGE));
        assertThat(second.prevCursor()).as("a numbered page after the first").isNotNull();
        int last = (400 + PER_PAGE - 1) / PER_PAGE;
        Page<Relay> end = relays.list(null, null, null, null, new Page.Request(last, PER_PAGE));
        assertThat(end.nextCursor()).isNull();
        assertThat(end.total()).isEqualTo(400);
        Page<Relay> beyond = relays.list(null, null, null, null, new Page.Request(last + 1, PER_PAGE));
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.nextCursor()).isNull();
        assertThat(beyond.prevCursor()).isNull();
        // a list of exactly one page
        Page<Relay> only = relays.list(null, null, null, null, new Page.Request(1, 200));
        Page<Relay> whole = relays.list(
                null,
                null,
                null,
                null,
                new Page.Request(
                        1,
                        200,
                        new Page.Seek(Page.Seek.Direction.AFTER, RelayStore.LIST_ORDER.position(only.nextCursor()))));
        assertThat(whole.items()).hasSize(200);
        assertThat(whole.nextCursor()).isNull();
        assertThat(whole.total())
                .as("the total is the whole list's, as on numbered pages")
                .isEqualTo(400);
    }

    @Test
    void aCursorOnlyReadsBackAsThePositionItWasMadeFrom() {
        Relay r = relays.list(null, null, null, null, new Page.Request(1, 1))
                .items()
                .getFirst();
        String cursor = RelayStore.LIST_ORDER.cursor(r);
        assertThat(RelayStore.LIST_ORDER.position(cursor)).containsExactly(r.createdAt(), r.id());
        assertThat(cursor).matches("[A-Za-z0-9_-]+").hasSizeLessThan(SortKey.MAX_CURSOR_LENGTH);

        byte[] bytes = Base64.getUrlDecoder().decode(cursor);
        String text = new String(bytes, 0, bytes.length - 8, java.nio.charset.StandardCharsets.UTF_8);
        byte[] edited = text.replace(Long.toString(r.createdAt()), Long.toString(r.createdAt() - 1))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] withOldDigest = java.util.Arrays.copyOf(edited, edited.length + 8);
        System.arraycopy(bytes, bytes.length - 8, withOldDigest, edited.length, 8);
        String tenantCursor = TenantStore.LIST_ORDER.cursor(
                tenants.list(null, null, new Page.Request(1, 1)).items().getFirst());
        for (String bad : new String[] {
            "",
            "garbage!",
            "AAAA",
            cursor.substring(0, cursor.length() - 3),
            cursor.substring(0, 10) + (cursor.charAt(10) == 'A' ? 'B' : 'A') + cursor.substring(11),
            Base64.getUrlEncoder().withoutPadding().encodeToString(withOldDigest),
            tenantCursor,
            cursor + "A".repeat(SortKey.MAX_CURSOR_LENGTH),
        })
            assertThatThrownBy(() -> RelayStore.LIST_ORDER.position(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A page by number that ends the list tells the list's total itself, so it is not counted (a search for one
     * relay's subdomain ran its capped count beside the page: half its time on PostgreSQL); a page with more after it
     * still is, and both totals agree with the rows.
     */
    @Test
    void aPageThatEndsTheListIsNotCounted() {
        List<String> statements = new ArrayList<>();
        Jdbi logged = logging(statements);
        RelayStore store = new RelayStore(logged, db.dataSource());
        java.util.function.Predicate<String> counting = sql -> sql.contains("AS capped");

        Page<Relay> one = store.list(null, "r17-list", null, null, new Page.Request(1, PER_PAGE));
        assertThat(one.items()).extracting(Relay::subdomain).containsExactly("r17-list");
        assertThat(one.total()).isEqualTo(1);
        assertThat(one.totalExact()).isTrue();
        assertThat(statements).as("statements of a one-relay search").noneMatch(counting);

        statements.clear();
        Page<Relay> first = store.list(null, "garden", null, null, new Page.Request(1, PER_PAGE));
        assertThat(statements).as("a page with more after it").anyMatch(counting);
        long gardens = relays.list(null, "garden", null, null, new Page.Request(1, 200))
                .items()
                .size();
        assertThat(first.total()).isEqualTo(gardens);
        int lastPage = (int) ((gardens + PER_PAGE - 1) / PER_PAGE);
        statements.clear();
        Page<Relay> last = store.list(null, "garden", null, null, new Page.Request(lastPage, PER_PAGE));
        assertThat(statements).as("the last page").noneMatch(counting);
        assertThat(last.total()).isEqualTo(gardens);
        assertThat(store.list(null, "no such relay", null, null, new Page.Request(1, PER_PAGE))
                        .total())
                .isZero();
    }

    /** The query a cursor page runs, as SQLite plans it: a search of the list-order index from the cursor on. */
    @Test
    @org.junit.jupiter.api.Tag("sqlite") // reads SQLite's query plans: left out of the PostgreSQL run
    void aCursorPageIsAnIndexSeek() {
        List<String> statements = new ArrayList<>();
        Jdbi logged = logging(statements);
        RelayStore store = new RelayStore(logged, db.dataSource());
        Relay boundary = relays.list(null, null, null, null, new Page.Request(20, PER_PAGE))
                .items()
                .getLast();
        Page.Seek seek = new Page.Seek(Page.Seek.Direction.AFTER, List.of(boundary.createdAt(), boundary.id()));
        String owner = rows.tenants.getFirst().pubkey();
        Map<String, Object> values = Map.of(
                "_k0",
                boundary.createdAt(),
                "_k1",
                boundary.id(),
                "_limit",
                PER_PAGE + 1,
                "_offset",
                0,
                "status",
                "active",
                "plan",
                "basic",
                "tenant",
                owner);
        String[][] cases = { // tenant, status, plan, the index search expected
            {null, null, null, "SEARCH relays USING INDEX relays_created (created_at<?)"},
            {null, "active", null, "SEARCH relays USING INDEX relays_status_created (status=? AND created_at<?)"},
            {owner, null, null, "SEARCH relays USING INDEX relays_tenant_created (tenant=? AND created_at<?)"},
            {null, null, "basic", "SEARCH relays USING INDEX relays_created (created_at<?)"},
        };
        for (String[] c : cases) {
            statements.clear();
            store.list(c[0], null, status(c[1]), c[2], new Page.Request(1, PER_PAGE, seek));
            String page = statements.stream()
                    .filter(s -> s.contains(":_k0"))
                    .findFirst()
                    .orElseThrow();
            List<String> plan = explain(page, values);
            System.out.println("cursor page " + page + "\n  " + String.join("\n  ", plan));
            assertThat(plan).as(page).contains(c[3]);
            // the order comes from the index: at most the ids within one second are sorted, never the whole list
            assertThat(plan).as(page).noneMatch(l -> l.startsWith("SCAN") || l.equals("USE TEMP B-TREE FOR ORDER BY"));
        }
        statements.clear();
        Tenant t =
                tenants.list(null, null, new Page.Request(3, PER_PAGE)).items().getLast();
        new TenantStore(logged)
                .list(
                        null,
                        null,
                        new Page.Request(
                                1,
                                PER_PAGE,
                                new Page.Seek(Page.Seek.Direction.BEFORE, List.of(t.createdAt(), t.pubkey()))));
        String page =
                statements.stream().filter(s -> s.contains(":_k0")).findFirst().orElseThrow();
        List<String> plan = explain(page, Map.of("_k0", t.createdAt(), "_k1", t.pubkey(), "_limit", 8, "_offset", 0));
        System.out.println("cursor page " + page + "\n  " + String.join("\n  ", plan));
        assertThat(plan).contains("SEARCH t USING INDEX tenants_created (created_at>?)");
        assertThat(plan).noneMatch(l -> l.startsWith("SCAN") || l.equals("USE TEMP B-TREE FOR ORDER BY"));
    }

    /** A Jdbi on the test's database that adds every statement it runs to {@code statements}. */
    private Jdbi logging(List<String> statements) {
        return Jdbi.create(db.dataSource()).setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext ctx) {
                statements.add(ctx.getRenderedSql());
            }
        });
    }

    private static final Pattern PARAM = Pattern.compile(":(\\w+)");

    /** EXPLAIN QUERY PLAN of a statement, with its named parameters bound from {@code values}. */
    private List<String> explain(String sql, Map<String, Object> values) {
        return db.jdbi().withHandle(h -> {
            var q = h.createQuery("EXPLAIN QUERY PLAN " + sql);
            Matcher m = PARAM.matcher(sql);
            while (m.find()) q.bind(m.group(1), values.get(m.group(1)));
            return q.map((rs, ctx) -> rs.getString("detail")).list();
        });
    }

    private static RelayStatus status(String wire) {
        return wire == null ? null : RelayStatus.of(wire);
    }
}
