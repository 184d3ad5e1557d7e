package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.Wallets;
import caravel.billing.Autopay;
import caravel.crypto.SecretBox;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.AppOptions;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.zooid.RelaySecrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore drill: a backup taken while tenants create relays (free and paid, with their invoices) and change their
 * autopay wallets through the real API, restored into a fresh place, serves again: the restored database is one
 * moment of the live one (each writer's work a prefix of what it did, each relay with its invoice and activity, no
 * torn row, integrity and foreign keys sound), and every sealed secret opens with the platform's key.
 */
@Tag("slow")
@Tag("sqlite") // restores the SQLite file: left out of the PostgreSQL run
class RestoreDrillTest {
    @TempDir
    Path dir;

    static final int WRITERS = 4;

    /** What one writer did, in order: each relay's subdomain once its creation was answered 201. */
    record Writer(Keys key, List<String> relays, List<String> wallets) {}

    @Test
    void aBackupUnderWriteLoadRestoresWithEverySecret() throws Exception {
        MutableClock clock = new MutableClock();
        MemoryWallet wallet = new MemoryWallet(clock);
        AppOptions options = AppOptions.builder().wallets(new Wallets(Optional.of(wallet), url -> wallet));
        Path live = dir.resolve("live");
        Path backup = dir.resolve("backups/drill.db");
        String encryptionSecret;
        List<Writer> writers = new ArrayList<>();
        long acknowledgedBefore, acknowledgedAfter, finalRelays;
        try (TestBackend b = new TestBackend(live, e -> {}, options, clock)) {
            encryptionSecret = b.env.get("ENCRYPTION_SECRET");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger acknowledged = new AtomicInteger();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                Writer writer = new Writer(
                        Keys.generate(), Collections.synchronizedList(new ArrayList<>()), new CopyOnWriteArrayList<>());
                writers.add(writer);
                int id = w;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; !stop.get(); i++) write(b.api, writer, id, i, acknowledged);
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                }));
            }
            Wait.until("writes under way", Duration.ofSeconds(60), () -> acknowledged.get() >= 3 * WRITERS);
            acknowledgedBefore = acknowledged.get();
            Backups.Written written = Backups.backup(Inside.of(b.app).config().databasePath(), backup);
            acknowledgedAfter = acknowledged.get();
            // keep writing past the backup, so the live database moves on from the backed-up moment
            Wait.until(
                    "writes after the backup",
                    Duration.ofSeconds(60),
                    () -> acknowledged.get() >= acknowledgedAfter + 2 * WRITERS);
            stop.set(true);
            for (Thread t : threads) t.join(30_000);
            assertThat(errors).isEmpty();
            assertThat(written.bytes()).isPositive();
            finalRelays = count(Inside.of(b.app).db().jdbi(), "relays");
        }

        Path fresh = dir.resolve("restored/caravel.db");
        Restore.Restored restored = Restore.restore(backup, fresh, clock.instant());
        assertThat(restored.kept()).isNull();
        try (TestBackend r =
                new TestBackend(fresh.getParent(), e -> e.put("ENCRYPTION_SECRET", encryptionSecret), options, clock)) {
            Jdbi jdbi = Inside.of(r.app).db().jdbi();
            List<String> integrity = jdbi.withHandle(h ->
                    h.createQuery("PRAGMA integrity_check").mapTo(String.class).list());
            assertThat(integrity).containsExactly("ok");
            List<Map<String, Object>> brokenKeys = jdbi.withHandle(
                    h -> h.createQuery("PRAGMA foreign_key_check").mapToMap().list());
            assertThat(brokenKeys).isEmpty();

            long relays = count(jdbi, "relays");
            // the snapshot lies between what was answered before the backup began and after it ended
            assertThat(relays).isBetween(acknowledgedBefore, acknowledgedAfter + WRITERS);
            assertThat(relays).as("the live database moved on after the backup").isLessThan(finalRelays);

            List<String> subdomains = jdbi.withHandle(h -> h.createQuery("SELECT subdomain FROM relays")
                    .mapTo(String.class)
                    .list());
            for (Writer w : writers) {
                List<String> mine = subdomains.stream()
                        .filter(s -> s.startsWith(
                                w.relays().isEmpty() ? "-" : prefixOf(w.relays().get(0))))
                        .sorted((a, c) -> Integer.compare(index(a), index(c)))
                        .toList();
                assertThat(w.relays().subList(0, mine.size()))
                        .as("one writer's relays in the backup are the first ones it made, without a gap")
                        .isEqualTo(mine);
            }

            // a paid relay and its first invoice were one transaction: both or neither
            long paidWithoutInvoice = number(jdbi, """
                    SELECT count(*) FROM relays r WHERE r.plan <> 'free'
                      AND NOT EXISTS (SELECT 1 FROM invoice_items i WHERE i.relay = r.id)""");
            assertThat(paidWithoutInvoice).isZero();
            assertThat(count(jdbi, "invoices")).isPositive();
            long withoutActivity = number(jdbi, """
                    SELECT count(*) FROM relays r
                    WHERE NOT EXISTS (SELECT 1 FROM activity a WHERE a.relay = r.id AND a.kind = 'created')""");
            assertThat(withoutActivity).isZero();

            // every sealed secret opens with the platform's key, in the restored service's own SecretBox
            SecretBox box = Inside.of(r.app).box();
            List<Map<String, Object>> secrets = jdbi.withHandle(h -> h.createQuery("SELECT id, secret_enc FROM relays")
                    .mapToMap()
                    .list());
            assertThat(secrets).hasSize((int) relays);
            for (Map<String, Object> s : secrets)
                assertThat(box.open((String) s.get("secret_enc"), RelaySecrets.context((String) s.get("id"))))
                        .hasSize(32);
            Map<String, String> sealedWallets = new ConcurrentHashMap<>();
            jdbi.useHandle(h -> h.createQuery("SELECT pubkey, nwc_url_enc FROM tenants WHERE nwc_url_enc IS NOT NULL")
                    .mapToMap()
                    .forEach(m -> sealedWallets.put((String) m.get("pubkey"), (String) m.get("nwc_url_enc"))));
            assertThat(sealedWallets).isNotEmpty();
            for (Writer w : writers) {
                String sealed = sealedWallets.get(w.key().pubkey());
                if (sealed == null) continue;
                assertThat(w.wallets())
                        .contains(box.openString(
                                sealed, Autopay.nwcContext(w.key().pubkey())));
            }

            // and the restored service serves them: each tenant sees exactly its restored relays
            for (Writer w : writers) {
                Api.Response list =
                        r.api.as(w.key(), "GET", "/tenants/" + w.key().pubkey() + "/relays", null);
                assertThat(list.status()).as(list.body()).isEqualTo(200);
                long restoredMine = subdomains.stream()
                        .filter(s -> !w.relays().isEmpty()
                                && s.startsWith(prefixOf(w.relays().get(0))))
                        .count();
                assertThat(list.json().get("total").asLong()).isEqualTo(restoredMine);
            }
        }
    }

    /** One step of a writer: a relay (every third one paid, with an invoice); every fourth step a new wallet. */
    static void write(Api api, Writer w, int writer, int i, AtomicInteger acknowledged) {
        String sub = "w" + writer + "n" + i;
        String plan = i % 3 == 2 ? "basic" : "free";
        Api.Response created = api.as(
                w.key(),
                "POST",
                "/relays",
                "{\"name\":\"" + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"" + plan + "\"}");
        if (created.status() != 201) throw new AssertionError(sub + ": " + created.status() + " " + created.body());
        w.relays().add(sub);
        acknowledged.incrementAndGet();
        if (i % 4 == 0) {
            String nwc =
                    "nostr+walletconnect://" + Keys.generate().pubkey() + "?relay=wss%3A%2F%2Frelay.example&secret="
                            + Keys.generate().secretHex();
            w.wallets().add(nwc); // before the request: a backup may hold it as soon as it commits
            Api.Response saved =
                    api.as(w.key(), "PUT", "/tenants/" + w.key().pubkey(), "{\"nwc_url\":\"" + nwc + "\"}");
            if (saved.status() != 200) throw new AssertionError("wallet: " + saved.status() + " " + saved.body());
        }
    }

    static String prefixOf(String subdomain) {
        return subdomain.substring(0, subdomain.indexOf('n') + 1);
    }

    static int index(String subdomain) {
        return Integer.parseInt(subdomain.substring(subdomain.indexOf('n') + 1));
    }

    static long number(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    static long count(Jdbi jdbi, String table) {
        return jdbi.withHandle(h ->
                h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }
}
