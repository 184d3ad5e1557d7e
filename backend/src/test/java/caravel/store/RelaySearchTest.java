package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.AcceptingZooid;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** q on relay lists: substring of name, subdomain or id through the trigram index, owner pubkey prefix, short terms. */
@BothDatabases
class RelaySearchTest {
    @TempDir
    Path dir;

    static List<String> names(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode items = r.json().get("items");
        assertThat(r.json().get("total").asInt()).isEqualTo(items.size());
        assertThat(r.json().get("total_exact").asBoolean()).isTrue();
        return items.findValuesAsText("name");
    }

    static List<String> page(TestBackend b, String term, long broad) {
        return Inside.of(b.app)
                .db()
                .jdbi()
                .withHandle(h -> new Filters()
                                .apply(f -> RelaySearch.apply(h, f, term, broad))
                                .page(
                                        h,
                                        "SELECT *",
                                        "FROM relays",
                                        "created_at DESC, id",
                                        new Page.Request(1, 50),
                                        RelayStore::map)
                                .items()
                                .stream()
                                .map(Relay::id)
                                .toList());
    }

    @Test
    void findsBySubstringOwnerPrefixAndFollowsRenames() {
        try (TestBackend b = new TestBackend(dir)) {
            Keys alice = Keys.generate(), bob = Keys.generate();
            String garden = b.api.as(
                            alice,
                            "POST",
                            "/relays",
                            "{\"name\":\"Rose Garden Club\",\"subdomain\":\"roses\",\"plan\":\"free\"}")
                    .json()
                    .at("/relay/id")
                    .asText();
            b.api.as(alice, "POST", "/relays", "{\"name\":\"Chess\",\"subdomain\":\"chess-night\",\"plan\":\"free\"}");
            b.api.as(bob, "POST", "/relays", "{\"name\":\"Bob's Garage\",\"subdomain\":\"garage\",\"plan\":\"free\"}");
            var admin = b.admin;

            assertThat(names(b.api.as(admin, "GET", "/relays?q=GARDEN", null))).containsExactly("Rose Garden Club");
            assertThat(names(b.api.as(admin, "GET", "/relays?q=gar", null)))
                    .containsExactlyInAnyOrder("Rose Garden Club", "Bob's Garage");
            assertThat(names(b.api.as(admin, "GET", "/relays?q=ss-ni", null))).containsExactly("Chess");
            assertThat(names(b.api.as(admin, "GET", "/relays?q=" + garden.substring(3, 12), null)))
                    .containsExactly("Rose Garden Club");
            assertThat(names(
                            b.api.as(admin, "GET", "/relays?q=" + alice.pubkey().substring(0, 10), null)))
                    .containsExactlyInAnyOrder("Rose Garden Club", "Chess");
            assertThat(names(b.api.as(admin, "GET", "/relays?q=" + alice.pubkey(), null)))
                    .hasSize(2);
            // two characters: no trigram, the scan still answers ("s-": a hyphen, which no relay id or public key
            // holds, so a random id cannot match it too, as "ch" could)
            assertThat(names(b.api.as(admin, "GET", "/relays?q=s-", null))).containsExactly("Chess");
            // combined with the status filter and the tenant's own list
            // (no zooid here: the relays are never active; their status is whatever provisioning reached)
            // (provisioning may move the status on between reading it and searching by it: read both again then)
            Wait.until(
                    "the search by the relay's current status finding it",
                    java.time.Duration.ofSeconds(20),
                    () -> names(b.api.as(
                            admin,
                            "GET",
                            "/relays?q=garden&status="
                                    + b.api.as(admin, "GET", "/relays/" + garden, null)
                                            .json()
                                            .get("status")
                                            .asText(),
                            null)),
                    List.of("Rose Garden Club")::equals);
            assertThat(names(b.api.as(admin, "GET", "/relays?q=garden&status=active", null)))
                    .isEmpty();
            assertThat(names(b.api.as(bob, "GET", "/tenants/" + bob.pubkey() + "/relays?q=gar", null)))
                    .containsExactly("Bob's Garage");

            // the index follows a rename
            assertThat(b.api.as(alice, "PUT", "/relays/" + garden, "{\"name\":\"Tulip Field\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(names(b.api.as(admin, "GET", "/relays?q=garden", null))).isEmpty();
            assertThat(names(b.api.as(admin, "GET", "/relays?q=tulip", null))).containsExactly("Tulip Field");
            // both ways of joining the index hits (few: by rowid; many: walking the list order) give the same page
            for (String term :
                    new String[] {"gar", "tulip", "ch", alice.pubkey().substring(0, 12), "zzzz"}) {
                var byRowid = page(b, term, Long.MAX_VALUE);
                var walking = page(b, term, 0);
                assertThat(walking).as(term).isEqualTo(byRowid);
            }
            // a quote in the term is text, not FTS syntax
            assertThat(names(b.api.as(admin, "GET", "/relays?q=%22bob%27s", null)))
                    .isEmpty();
            assertThat(names(b.api.as(admin, "GET", "/relays?q=bob%27s", null))).containsExactly("Bob's Garage");
        }
    }
    /** The total, counted by whichever side drives it (the hits or the filters' rows), against a plain scan. */
    @Test
    void totalsAgreeWithAScanWhicheverSideDrivesTheCount() {
        try (TestBackend b =
                new TestBackend(dir, env -> {}, AcceptingZooid.options(), new caravel.testing.MutableClock())) {
            String[] names = {
                "Garden Club", "Garden Party", "Kitchen Garden", "Roof garden", "Gardeners", "Chess", "Bees", "Gar"
            };
            Keys owner = Keys.generate();
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                Api.Response r = b.api.as(
                        owner,
                        "POST",
                        "/relays",
                        "{\"name\":\"" + names[i] + "\",\"subdomain\":\"s" + i + "-x\",\"plan\":\"free\"}");
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                ids.add(r.json().at("/relay/id").asText());
            }
            // most relays active (provisioned), a few taken out of service by their owner: "garden" has more hits
            // than inactive relays and fewer than active
            Wait.until(
                    "every relay active",
                    java.time.Duration.ofSeconds(30),
                    () -> Inside.of(b.app).relayStore().servedIds(),
                    served -> served.containsAll(ids));
            for (int i : new int[] {3, 6}) // Roof garden, Bees
            assertThat(b.api.as(owner, "POST", "/relays/" + ids.get(i) + "/deactivate", null)
                                .status())
                        .isEqualTo(200);
            var jdbi = Inside.of(b.app).db().jdbi();
            for (String term : new String[] {"garden", "gar", "arde", "chess", "zzz", "s1-x"})
                for (String status : new String[] {null, "active", "inactive"}) {
                    long scanned = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM relays WHERE (:s IS NULL "
                                    + "OR status = :s) AND (lower(name) LIKE :q OR lower(subdomain) LIKE :q OR lower(id) "
                                    + "LIKE :q)")
                            .bind("s", status)
                            .bind("q", "%" + term + "%")
                            .mapTo(Long.class)
                            .one());
                    for (long cap : new long[] {1_000, 2}) {
                        Page<Relay> page = jdbi.withHandle(h -> RelaySearch.page(
                                h, new Filters().eq("status", "status", status), term, new Page.Request(1, 50), cap));
                        String what = term + " status=" + status + " cap=" + cap;
                        assertThat(page.total()).as(what).isEqualTo(Math.min(scanned, cap));
                        assertThat(page.totalExact()).as(what).isEqualTo(scanned <= cap);
                        assertThat(page.items()).as(what).hasSize((int) scanned);
                    }
                }
        }
    }
}
