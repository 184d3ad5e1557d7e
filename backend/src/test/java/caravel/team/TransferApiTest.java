package caravel.team;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.Wallets;
import caravel.domain.RelayRole;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.AppOptions;
import caravel.testing.BothDatabases;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.Pay;
import caravel.testing.TestBackend;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ownership transfer through the API, with Lightning billing and a moving clock: the offer and its refusals (to
 * oneself, to a banned key, by an admin, of a relay with an unpaid invoice), acceptance by anyone but the receiver,
 * after a withdrawal or a replacement, beyond the receiver's free quota; and billing moving with the relay from the
 * next period (the giver's paid period stays paid, the receiver's next renewal bills it).
 */
@BothDatabases
class TransferApiTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock();
    final MemoryWallet wallet = new MemoryWallet(clock);
    final Keys owner = Keys.generate(), receiver = Keys.generate(), stranger = Keys.generate();
    TestBackend backend;
    Api api;

    @BeforeEach
    void start() {
        clock.set(Instant.parse("2027-01-10T12:00:00Z"));
        backend = new TestBackend(
                dir,
                env -> env.put("QUOTA_FREE_RELAYS", "1"),
                AppOptions.builder().wallets(new Wallets(Optional.of(wallet), url -> wallet)),
                clock);
        api = backend.api;
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    JsonNode create(Keys k, String sub, String plan) {
        Api.Response r = api.as(
                k,
                "POST",
                "/relays",
                "{\"name\":\"" + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"" + plan + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    Api.Response offer(Keys as, String relay, String to) {
        return api.as(as, "POST", "/relays/" + relay + "/transfer", "{\"pubkey\":\"" + to + "\"}");
    }

    static void code(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        // the native API's 404 bodies are its generic one (ErrorResponses' 404 handler), whatever the code
        if (status != 404)
            assertThat(r.json().path("code").asText()).as(r.body()).isEqualTo(code);
    }

    long now() {
        return clock.millis() / 1000;
    }

    @Test
    void aPaidRelayMovesWithItsBillingFromTheNextPeriod() {
        JsonNode created = create(owner, "moving", "basic");
        String id = created.at("/relay/id").asText();
        Pay.invoice(backend.app, wallet, created.at("/invoice/id").asText());
        // a second relay still waiting for its first payment
        String unpaid = create(owner, "unpaid", "basic").at("/relay/id").asText();

        code(offer(owner, id, owner.pubkey()), 400, "transfer_to_self");
        code(offer(owner, unpaid, receiver.pubkey()), 409, "transfer_unpaid");
        Keys banned = Keys.generate();
        assertThat(api.as(
                                backend.admin,
                                "POST",
                                "/admin/platform-bans",
                                "{\"pubkey\":\"" + banned.pubkey() + "\",\"reason\":\"spam\"}")
                        .status())
                .isEqualTo(201);
        code(offer(owner, id, banned.pubkey()), 403, "banned");
        Keys admin = Keys.generate();
        assertThat(api.as(
                                owner,
                                "POST",
                                "/relays/" + id + "/team",
                                "{\"pubkey\":\"" + admin.pubkey() + "\",\"role\":\"admin\"}")
                        .status())
                .isEqualTo(201);
        code(offer(admin, id, admin.pubkey()), 403, RelayRole.FORBIDDEN);

        // an offer withdrawn, one replaced: neither accepts anything
        String first = offer(owner, id, receiver.npub()).json().path("id").asText();
        assertThat(api.as(owner, "DELETE", "/relays/" + id + "/transfer", null).status())
                .isEqualTo(204);
        code(api.as(receiver, "POST", "/transfers/" + first + "/accept", null), 404, "transfer_not_found");
        String second = offer(owner, id, receiver.pubkey()).json().path("id").asText();
        offer(owner, id, stranger.pubkey()); // replaces it
        code(api.as(receiver, "POST", "/transfers/" + second + "/accept", null), 404, "transfer_not_found");
        String third = offer(owner, id, receiver.pubkey()).json().path("id").asText();
        assertThat(api.as(owner, "GET", "/relays/" + id + "/transfer", null)
                        .json()
                        .at("/offer/id")
                        .asText())
                .isEqualTo(third);

        // only the receiver accepts: anyone else, the owner too, is told there is no such offer
        code(api.as(stranger, "POST", "/transfers/" + third + "/accept", null), 404, "transfer_not_found");
        code(api.as(owner, "POST", "/transfers/" + third + "/accept", null), 404, "transfer_not_found");
        JsonNode incoming =
                api.as(receiver, "GET", "/me/transfers", null).json().path("items");
        assertThat(incoming.size()).isEqualTo(1);
        assertThat(incoming.at("/0/relay_name").asText()).isEqualTo("moving");

        clock.advance(java.time.Duration.ofDays(5));
        Api.Response accepted = api.as(receiver, "POST", "/transfers/" + third + "/accept", null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().path("tenant").asText()).isEqualTo(receiver.pubkey());
        assertThat(accepted.json().path("role").asText()).isEqualTo("owner");
        assertThat(api.as(owner, "GET", "/relays/" + id, null).status()).isEqualTo(404);
        assertThat(api.as(receiver, "GET", "/relays/" + id, null)
                        .json()
                        .path("role")
                        .asText())
                .isEqualTo("owner");
        // answered once: a second acceptance finds nothing
        code(api.as(receiver, "POST", "/transfers/" + third + "/accept", null), 404, "transfer_not_found");
        // the team stays with the relay; the admin still cannot give it away
        code(offer(admin, id, admin.pubkey()), 403, RelayRole.FORBIDDEN);
        // both told by DM, both activities say it
        assertThat(dmJobs("dm:transfer-accepted-")).isEqualTo(2);
        assertThat(kinds(receiver, "/relays/" + id)).contains("ownership_given", "ownership_taken");

        // the giver's paid period stays paid: nothing is billed to anyone before it ends
        Inside.of(backend.app).renewals().runCycle();
        assertThat(itemsFor(id)).hasSize(1); // the first invoice, the giver's
        // at its end, the receiver's first renewal bills it from there; the giver is never billed for it again
        clock.set(Instant.parse("2027-02-10T13:00:00Z"));
        Inside.of(backend.app).renewals().runCycle();
        List<Item> items = itemsFor(id);
        assertThat(items).as(items.toString()).hasSize(2);
        Item renewal = items.get(1);
        assertThat(renewal.tenant()).isEqualTo(receiver.pubkey());
        // from exactly where the giver's paid period ends: no moment billed twice, none left out
        assertThat(renewal.start()).isEqualTo(items.get(0).end());
        clock.set(Instant.parse("2027-03-11T12:00:00Z"));
        Inside.of(backend.app).renewals().runCycle();
        List<Item> later = itemsFor(id);
        assertThat(later).hasSize(3);
        assertThat(later.subList(1, 3)).allMatch(i -> i.tenant().equals(receiver.pubkey()));
    }

    @Test
    void anUnpaidInvoiceOrAFullQuotaStopsTheAcceptance() {
        String free = create(owner, "free-one", "free").at("/relay/id").asText();
        String offered = offer(owner, free, receiver.pubkey()).json().path("id").asText();
        // the receiver already holds the one free relay an account may
        create(receiver, "receivers-own", "free");
        Api.Response full = api.as(receiver, "POST", "/transfers/" + offered + "/accept", null);
        code(full, 403, "transfer_quota");
        assertThat(full.error()).contains("free relays");
        // refused, the offer stands and the relay stays its owner's
        assertThat(api.as(receiver, "GET", "/me/transfers", null)
                        .json()
                        .path("items")
                        .size())
                .isEqualTo(1);
        assertThat(api.as(owner, "GET", "/relays/" + free, null).status()).isEqualTo(200);

        // an invoice for the relay left unpaid after the offer: the acceptance waits for it
        Keys other = Keys.generate();
        String second = offer(owner, free, other.pubkey()).json().path("id").asText();
        Inside.of(backend.app).db().jdbi().useHandle(h -> {
            Inside.of(backend.app)
                    .invoices()
                    .insert(
                            h,
                            "invtransfer01",
                            owner.pubkey(),
                            1000,
                            false,
                            now(),
                            now() + 86400,
                            now(),
                            now() + 86400,
                            "renewal",
                            false,
                            0,
                            null);
            new caravel.billing.InvoiceItemStore()
                    .insertItems(
                            h,
                            "invtransfer01",
                            List.of(new caravel.billing.InvoiceItemStore.NewItem(
                                    free, "free", 0, now(), now() + 86400, 1000, null)));
        });
        code(api.as(other, "POST", "/transfers/" + second + "/accept", null), 409, "transfer_unpaid");
        assertThat(api.as(owner, "GET", "/relays/" + free, null)
                        .json()
                        .path("tenant")
                        .asText())
                .isEqualTo(owner.pubkey());

        // declined: the owner is told, the offer is gone
        assertThat(api.as(other, "POST", "/transfers/" + second + "/decline", null)
                        .status())
                .isEqualTo(204);
        assertThat(api.as(owner, "GET", "/relays/" + free + "/transfer", null)
                        .json()
                        .path("offer")
                        .isNull())
                .isTrue();
        code(api.as(other, "POST", "/transfers/" + second + "/accept", null), 404, "transfer_not_found");
    }

    void suspend(Keys who, String status) {
        Api.Response r = api.as(backend.admin, "PUT", "/tenants/" + who.pubkey(), "{\"status\":\"" + status + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aSuspendedAccountNeitherOffersNorCompletesATransfer() {
        String id = create(owner, "held", "free").at("/relay/id").asText();
        // an offer made before the suspension, to a second key of the same person (R5-7)
        String before = offer(owner, id, receiver.pubkey()).json().path("id").asText();
        suspend(owner, "suspended");

        Api.Response again = offer(owner, id, stranger.pubkey());
        code(again, 403, "transfer_giver_suspended");
        assertThat(again.error()).contains("suspended");
        // the offer made before the suspension was withdrawn by it (its receiver told): nothing is left to accept
        code(api.as(receiver, "POST", "/transfers/" + before + "/accept", null), 404, "transfer_not_found");
        assertThat(api.as(owner, "GET", "/relays/" + id, null)
                        .json()
                        .path("tenant")
                        .asText())
                .isEqualTo(owner.pubkey());

        // the giver back in good standing and a new offer made, a suspended receiver cannot take it
        suspend(owner, "active");
        String after = offer(owner, id, receiver.pubkey()).json().path("id").asText();
        assertThat(api.as(receiver, "POST", "/tenants", null).status()).isIn(200, 201);
        suspend(receiver, "suspended");
        code(api.as(receiver, "POST", "/transfers/" + after + "/accept", null), 403, "transfer_receiver_suspended");
        assertThat(api.as(owner, "GET", "/relays/" + id, null)
                        .json()
                        .path("tenant")
                        .asText())
                .isEqualTo(owner.pubkey());
        // once both are in good standing, the same offer is taken
        suspend(receiver, "active");
        Api.Response ok = api.as(receiver, "POST", "/transfers/" + after + "/accept", null);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    record Item(String tenant, long start, long end) {}

    List<Item> itemsFor(String relay) {
        return Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.select("""
                        SELECT v.tenant, i.period_start, i.period_end FROM invoice_items i JOIN invoices v ON v.id = i.invoice
                        WHERE i.relay = ? ORDER BY i.period_start""", relay)
                        .map((rs, ctx) -> new Item(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                        .list());
    }

    long dmJobs(String keyPrefix) {
        return Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.select("SELECT count(*) FROM jobs WHERE dedupe_key LIKE ?", "%" + keyPrefix + "%")
                        .mapTo(Long.class)
                        .one());
    }

    List<String> kinds(Keys as, String base) {
        JsonNode items =
                api.as(as, "GET", base + "/activity?per_page=100", null).json().path("items");
        List<String> out = new java.util.ArrayList<>();
        items.forEach(a -> out.add(a.path("kind").asText()));
        return out;
    }
}
