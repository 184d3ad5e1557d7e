package caravel.watch;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.members.CapEnforcer;
import caravel.nostr.Keys;
import caravel.testing.AcceptingZooid;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The membership watcher at scale: which relays it keeps, and what an outage of zooid costs. */
@BothDatabases
public class MembershipWatcherTest {
    @TempDir
    Path dir;

    /**
     * A backend whose relays are provisioned (zooid's API takes every config) but whose relays' sockets are refused
     * (nothing listens on port 9), as when zooid's server went down after it took the configs.
     */
    TestBackend zooidDown() {
        return new TestBackend(
                dir,
                env -> env.put("ZOOID_RELAY_ORIGIN", "http://127.0.0.1:9"),
                AcceptingZooid.options(),
                new MutableClock());
    }

    static String create(TestBackend b, Keys owner, String name, String subdomain) {
        Api.Response r = b.api.as(
                owner,
                "POST",
                "/relays",
                "{\"name\":\"" + name + "\",\"subdomain\":\"" + subdomain + "\",\"plan\":\"free\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().at("/relay/id").asText();
    }

    /** Until provisioning made every relay active and created in zooid: served, as far as Caravel knows. */
    public static void awaitServed(TestBackend b, List<String> ids) {
        Wait.until(
                "every relay served",
                Duration.ofSeconds(30),
                () -> Inside.of(b.app).relayStore().servedIds(),
                served -> served.containsAll(ids));
    }

    /**
     * zooid's server down (connections refused): the watcher must not try every served relay on every pass — on a large
     * platform that is one failed connection (and log line) per relay per backoff step.
     */
    @Test
    void anUnreachableZooidCostsOneRoundOfOpenersNotOneConnectionPerRelay() throws Exception {
        // served as far as Caravel knows: zooid's API accepted them before zooid went down
        String secret;
        try (TestBackend before = zooidDown()) {
            int relays = 40;
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < relays; i++) ids.add(create(before, Keys.generate(), "Outage " + i, "outage-" + i));
            awaitServed(before, ids);
            secret = before.env.get("ENCRYPTION_SECRET"); // the relays' sealed secrets open with it
        }
        // Caravel starts again while zooid is down: nothing listens on port 9, for its API or its relays' sockets
        try (TestBackend b = new TestBackend(dir, env -> {
            env.put("ENCRYPTION_SECRET", secret);
            env.put("ZOOID_RELAY_ORIGIN", "http://127.0.0.1:9");
        })) {
            MembershipWatcher watcher = Inside.of(b.app).community().watcher;
            watcher.reconcileNow();
            Wait.until("a first attempt", Duration.ofSeconds(10), watcher::attempts, n -> n > 0);
            for (int pass = 0; pass < 5; pass++) {
                long done = watcher.passesCompleted();
                watcher.reconcileNow();
                Wait.until("one more pass", Duration.ofSeconds(10), () -> watcher.passesCompleted() > done);
            }
            // every opener a pass started has ended (refused) before the attempts are counted
            Wait.until("no subscription being opened", Duration.ofSeconds(20), () -> watcher.opening() == 0);
            // at most the openers already under way when the first refusal came back
            assertThat(watcher.attempts()).isBetween(1, 8);
        }
    }

    /** Between whole reads, the served set follows only the tenants that changed: each change must still be seen. */
    @Test
    void theServedSetFollowsEachChangeBetweenWholeReads() throws Exception {
        try (TestBackend b = zooidDown()) {
            Keys[] owners = {Keys.generate(), Keys.generate(), Keys.generate()};
            String[] ids = new String[3];
            for (int i = 0; i < ids.length; i++) ids[i] = create(b, owners[i], "Kept " + i, "kept-" + i);
            awaitServed(b, List.of(ids));
            MembershipWatcher watcher = Inside.of(b.app).community().watcher;
            // the third one's owner takes it out of service before the watcher's pass
            assertThat(b.api.as(owners[2], "POST", "/relays/" + ids[2] + "/deactivate", null)
                            .status())
                    .isEqualTo(200);
            watcher.reconcileNow();
            Wait.until(
                    "the first two kept, the third not",
                    Duration.ofSeconds(10),
                    () -> watcher.tracks(ids[0]) && watcher.tracks(ids[1]) && !watcher.tracks(ids[2]));
            // each later change reaches the set through its tenant's version, not a whole read
            assertThat(b.api.as(owners[0], "POST", "/relays/" + ids[0] + "/deactivate", null)
                            .status())
                    .isEqualTo(200);
            assertThat(b.api.as(owners[2], "POST", "/relays/" + ids[2] + "/reactivate", null)
                            .status())
                    .isEqualTo(200);
            watcher.reconcileNow();
            Wait.until(
                    "the change seen", Duration.ofSeconds(10), () -> !watcher.tracks(ids[0]) && watcher.tracks(ids[2]));
            assertThat(watcher.tracks(ids[1])).isTrue();
            assertThat(watcher.fullReads()).isEqualTo(1);
        }
    }

    /**
     * zooid writes a join's "member added" (8000) before the new member list (13534) its member listing reads: an
     * allowance check queued by the 8000 alone can run between the two and see the relay without the new member. The
     * list is held and checked again like a join (a join past the allowance stood with real zooid under load).
     */
    @Test
    void aNewMemberListIsHeldAndCheckedAgainstTheAllowanceLikeAJoin() throws Exception {
        try (TestBackend b = zooidDown()) {
            Keys owner = Keys.generate();
            String id = create(b, owner, "Listed", "listed");
            awaitServed(b, List.of(id));
            b.awaitJobsSettled();
            MembershipWatcher w = Inside.of(b.app).community().watcher;
            Keys relayKey = Keys.generate();
            for (int kind : new int[] {WatchedKinds.MEMBER_ADDED, WatchedKinds.MEMBER_LIST}) {
                long checksBefore = capChecks(b, id);
                long heldBefore = Inside.of(b.app).community().changes.joinsHeard();
                w.events().onMembership(owner.pubkey(), id, caravel.nostr.Event.sign(relayKey, 1, kind, List.of(), ""));
                assertThat(capChecks(b, id)).as("kind %d queues a check", kind).isEqualTo(checksBefore + 1);
                // counted as a held join (the hold itself may already be ended by the check, which the job runner
                // can pick up before this line runs)
                assertThat(Inside.of(b.app).community().changes.joinsHeard())
                        .as("kind %d held", kind)
                        .isEqualTo(heldBefore + 1);
                b.awaitJobsSettled();
            }
            // a leave is told at once: no hold, no check
            long checksBefore = capChecks(b, id);
            w.events()
                    .onMembership(
                            owner.pubkey(),
                            id,
                            caravel.nostr.Event.sign(relayKey, 1, WatchedKinds.MEMBER_REMOVED, List.of(), ""));
            assertThat(capChecks(b, id)).isEqualTo(checksBefore);
            assertThat(Inside.of(b.app).community().changes.heldUntil(id)).isZero();
        }
    }

    private static long capChecks(TestBackend b, String relayId) {
        return Inside.of(b.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM jobs WHERE kind = :k AND dedupe_key = :key")
                        .bind("k", CapEnforcer.JOB)
                        .bind("key", CapEnforcer.JOB + ":" + relayId)
                        .mapTo(Long.class)
                        .one());
    }
}
