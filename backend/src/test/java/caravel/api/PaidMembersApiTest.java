package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.admission.AdmissionInvoice;
import caravel.admission.AdmissionInvoiceStore;
import caravel.admission.PaidMember;
import caravel.admission.PaidMemberStore;
import caravel.admission.RelayAdmission;
import caravel.domain.InvoiceStatus;
import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.nostr.Nip19;
import caravel.nostr.RelayClient;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.LocalRelay;
import caravel.testing.TestBackend;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner's view of paid admission: who joined through the join page (with their profile names), how many pay, how
 * many lapsed, the revenue; and the CSV export, whose names come from strangers' profiles and must never be read as
 * spreadsheet formulas.
 */
@Tag("peer") // a local relay stands in for the profile indexer
@BothDatabases
class PaidMembersApiTest {
    @TempDir
    Path dir;

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void membersRevenueAndACsvThatNeutralisesFormulas() throws Exception {
        try (LocalRelay indexer = LocalRelay.start();
                TestBackend b = new TestBackend(dir, env -> env.put("ROBOT_INDEXER_RELAYS", indexer.url()))) {
            Keys owner = Keys.generate(), other = Keys.generate();
            Api api = b.api;
            Api.Response created = api.as(
                    owner, "POST", "/relays", "{\"name\":\"Hikers\",\"subdomain\":\"hikers\",\"plan\":\"free\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().at("/relay/id").asText();

            // nothing yet
            JsonNode empty = api.as(owner, "GET", "/relays/" + id + "/admission/members", null)
                    .json();
            assertThat(empty.path("items").size()).isZero();
            assertThat(empty.path("revenue_sats").asLong()).isZero();

            Keys mallory = Keys.generate(), alice = Keys.generate(), lapsed = Keys.generate();
            // a profile name made to run in a spreadsheet, and one with CSV's own special characters
            String formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
            try (RelayClient c = new RelayClient(null, RelayClient.Options.defaults())) {
                profile(c, indexer, mallory, b.clock.seconds(), "{\"name\":" + Api.json(formula) + "}");
                profile(c, indexer, alice, b.clock.seconds(), "{\"name\":\"Alice, \\\"the hiker\\\"\\nline two\"}");
            }
            long now = b.clock.seconds();
            var members = new PaidMemberStore(Inside.of(b.app).db().jdbi());
            var invoices = new AdmissionInvoiceStore(Inside.of(b.app).db().jdbi());
            Inside.of(b.app).db().jdbi().useHandle(h -> {
                members.put(h, member(id, mallory.pubkey(), PaidMember.Status.ACTIVE, now - 100, 2100));
                members.put(h, member(id, alice.pubkey(), PaidMember.Status.GRACE, now - 200, 4200));
                members.put(h, member(id, lapsed.pubkey(), PaidMember.Status.LAPSED, now - 300, 2100));
                // paid: one now, one 40 days ago; one pending, which is no revenue
                paid(invoices, h, id, mallory.pubkey(), 2100, now - 50);
                paid(invoices, h, id, alice.pubkey(), 4200, now - 40L * 86_400);
                invoices.insert(
                        h,
                        new AdmissionInvoice(
                                "ai-pending",
                                id,
                                lapsed.pubkey(),
                                AdmissionInvoice.Purpose.RENEWAL,
                                9999,
                                "lnbc-pending",
                                "c".repeat(64),
                                InvoiceStatus.PENDING,
                                now,
                                now + 900,
                                null,
                                null,
                                null,
                                null));
            });

            JsonNode list = api.as(owner, "GET", "/relays/" + id + "/admission/members", null)
                    .json();
            assertThat(list.path("items").size()).isEqualTo(3);
            assertThat(list.path("paying").asInt()).isEqualTo(2);
            assertThat(list.path("lapsed").asInt()).isEqualTo(1);
            assertThat(list.path("revenue_sats").asLong()).isEqualTo(6300);
            assertThat(list.path("revenue_30d_sats").asLong()).isEqualTo(2100);
            JsonNode first = list.path("items").get(0); // newest first
            assertThat(first.path("pubkey").asText()).isEqualTo(mallory.pubkey());
            assertThat(first.path("npub").asText()).isEqualTo(Nip19.npub(mallory.pubkey()));
            assertThat(first.path("name").asText()).isEqualTo(formula);
            assertThat(first.path("status").asText()).isEqualTo("active");
            assertThat(first.path("mode").asText()).isEqualTo("monthly");
            assertThat(first.path("total_paid_sats").asLong()).isEqualTo(2100);
            assertThat(list.path("items").get(2).path("name").isNull()).isTrue();

            HttpResponse<String> csv = csv(api, owner, id, b.clock.seconds());
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
                    .isEqualTo("attachment; filename=\"hikers-paid-members.csv\"");
            String[] lines = csv.body().split("\r\n", -1);
            assertThat(lines[0])
                    .isEqualTo("npub,pubkey,name,status,mode,joined_at,paid_until,payments,total_paid_sats,"
                            + "last_paid_at");
            // the formula is text: an apostrophe first, and quoted for its commas and quotes
            assertThat(lines[1])
                    .isEqualTo(Nip19.npub(mallory.pubkey()) + "," + mallory.pubkey()
                            + ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",active,monthly,"
                            + java.time.Instant.ofEpochSecond(now - 100) + ","
                            + java.time.Instant.ofEpochSecond(now + 86_400) + ",1,2100,"
                            + java.time.Instant.ofEpochSecond(now - 100));
            // a name with a comma, quotes and a line break stays one field
            assertThat(csv.body()).contains(",\"Alice, \"\"the hiker\"\"\nline two\",grace,");
            assertThat(csv.body()).endsWith("\r\n");
            assertThat(lines).hasSize(5); // header, three rows, the empty string after the last CRLF

            // others' relays stay hidden, the export too
            assertThat(csv(api, other, id, b.clock.seconds()).statusCode()).isEqualTo(404);
        }
    }

    static void profile(RelayClient c, LocalRelay indexer, Keys k, long at, String content) {
        Event e = k.sign(at, 0, List.of(), content);
        assertThat(c.publish(e, List.of(indexer.url()))
                        .join()
                        .values()
                        .iterator()
                        .next()
                        .ok())
                .isTrue();
    }

    static PaidMember member(String relayId, String pubkey, PaidMember.Status status, long joinedAt, long paid) {
        return new PaidMember(
                relayId,
                pubkey,
                status,
                RelayAdmission.Mode.MONTHLY,
                joinedAt,
                joinedAt + 100 + 86_400,
                false,
                paid,
                1,
                joinedAt,
                null,
                joinedAt);
    }

    static int invoices;

    static void paid(
            AdmissionInvoiceStore store, org.jdbi.v3.core.Handle h, String relayId, String pubkey, long sats, long at) {
        invoices++;
        String id = "ai-" + invoices;
        store.insert(
                h,
                new AdmissionInvoice(
                        id,
                        relayId,
                        pubkey,
                        AdmissionInvoice.Purpose.JOIN,
                        sats,
                        "lnbc-" + id,
                        Integer.toString(invoices).repeat(64).substring(0, 64),
                        InvoiceStatus.PENDING,
                        at - 10,
                        at + 900,
                        null,
                        null,
                        null,
                        null));
        assertThat(store.markPaid(h, id, at, new AdmissionInvoiceStore.Covers(null)))
                .isTrue();
    }

    static HttpResponse<String> csv(Api api, Keys k, String relayId, long now) throws Exception {
        String url = api.base() + "/relays/" + relayId + "/admission/members.csv";
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", Api.nip98(k, url, "GET", null, now))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
