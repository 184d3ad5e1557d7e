package caravel.testing;

import caravel.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Two backend processes on one database (PostgreSQL in the suite's second run, else one SQLite file), killed at
 * random — one of them, or both one after the other — and started again, while relays are ordered and provisioned,
 * renewals run, payments are confirmed and autopay pays, all against the local stack (zooid emulator, NWC wallets).
 * Both processes serve requests, run jobs, watch the platform wallet's notifications and run the start-up billing
 * run, so every race between two processes on one database is on the table.
 *
 * <p>Cycles alternate: in an even cycle both processes start on a database a month older (moved back while both
 * were down, see {@link BillingCrashLoop#shiftBack}), so their two billing runs race to renew, and one of them is
 * killed; in an odd cycle the killed one starts again beside the survivor, and both are killed at two random moments.
 * Requests go to either process at random. After the last cycle both start, nobody kills them, and the invariants
 * are checked: BillingCrashLoop's (every settled payment credited, no invoice paid twice, each wallet charged exactly
 * what the platform received, one renewal per tenant and cycle, no billing or relay job failed or left behind, every
 * relay in a lifecycle state) and provisioning's: every relay accepted exists, and zooid holds exactly the relays
 * the database has, each once.
 */
public final class TwoProcessCrashLoop {
    /** What a run saw (as BillingCrashLoop's report), with the number of relays accepted during the cycles. */
    public record Report(
            int cycles,
            int kills,
            int renewalRuns,
            int relaysAccepted,
            List<String> checks,
            List<String> violations,
            List<String> findings) {}

    private TwoProcessCrashLoop() {}

    /** One of the two processes: its settings (its own port) and, while it runs, the process and a client. */
    private static final class Slot {
        final String name;
        final Map<String, String> env;
        final String base;
        BackendProcess process;
        Api api;

        Slot(String name, Map<String, String> shared, int port) {
            this.name = name;
            this.env = new HashMap<>(shared);
            env.put("PORT", Integer.toString(port));
            env.put("PUBLIC_URL", "http://127.0.0.1:" + port);
            this.base = "http://127.0.0.1:" + port;
        }

        boolean up() {
            return process != null;
        }

        void start() throws Exception {
            process = new BackendProcess(env, null);
            api = Api.ownConnections(base); // none left over from the process killed before
        }

        void kill() throws InterruptedException {
            process.kill(); // SIGKILL: no shutdown hooks
            process = null;
            api = null;
        }

        void stop() throws InterruptedException {
            process.stop();
            process = null;
            api = null;
        }
    }

    public static Report run(Path dir, int cycles, Consumer<String> log) throws Exception {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        List<String> checks = new ArrayList<>(), violations = new ArrayList<>(), findings = new ArrayList<>();
        List<String> accepted = new ArrayList<>(); // relay ids the platform accepted (201)
        int kills = 0, renewalRuns = 0;
        try (LocalStack stack = new LocalStack()) {
            // one set of secrets for both: only the port (and so the public URL) is each process's own
            Map<String, String> shared = TestEnv.env(dir, 0);
            stack.pointAt(shared);
            shared.put("RELAY_DOMAIN", stack.get("relay_domain"));
            shared.put("LOG_LEVEL", "WARN");
            List<Slot> slots =
                    List.of(new Slot("A", shared, TestEnv.freePort()), new Slot("B", shared, TestEnv.freePort()));
            List<BillingCrashLoop.Tenant> tenants = new ArrayList<>();
            Map<String, Long> initial = new HashMap<>();
            Path db = dir.resolve("caravel.db");
            try {
                // set-up, not killed: the tenants, their wallets and first relays, on A; B started beside it
                slots.get(0).start();
                slots.get(1).start();
                BillingCrashLoop.setUp(slots.get(0).api, stack, tenants, initial);
                for (Slot s : slots) s.stop();

                for (int cycle = 0; cycle < cycles; cycle++) {
                    boolean bothDown = slots.stream().noneMatch(Slot::up);
                    if (bothDown) {
                        // a month passes while nobody runs: both start-up billing runs find every tenant due
                        BillingCrashLoop.shiftBack(db, BillingCrashLoop.MONTH);
                        renewalRuns++;
                    }
                    for (Slot s : slots) if (!s.up()) s.start();
                    work(rnd, slots, stack, tenants, accepted, cycle, rnd.nextLong(300, 3_000));
                    if (cycle % 2 == 0) {
                        Slot victim = slots.get(rnd.nextInt(2));
                        victim.kill();
                        kills++;
                        log.accept("cycle " + (cycle + 1) + "/" + cycles + ": " + victim.name + " killed");
                    } else {
                        int first = rnd.nextInt(2);
                        slots.get(first).kill();
                        // the survivor alone for a while: it meets the dead one's leases and half-done work
                        work(rnd, slots, stack, tenants, accepted, cycle, rnd.nextLong(100, 2_000));
                        slots.get(1 - first).kill();
                        kills += 2;
                        log.accept("cycle " + (cycle + 1) + "/" + cycles + ": both killed");
                    }
                }

                // the last starts: nobody kills them; the killed processes' leases lapse and their jobs run again
                for (Slot s : slots) if (!s.up()) s.start();
                try (Database d = TestDatabases.open(db)) {
                    Jdbi jdbi = d.jdbi();
                    BillingCrashLoop.settle(slots.get(rnd.nextInt(2)).api, jdbi, stack, tenants, findings);
                    Wait.until(
                            "relay jobs drained",
                            Duration.ofMinutes(3),
                            () -> jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM jobs WHERE kind LIKE"
                                            + " 'relay.%' AND status IN ('queued', 'running')")
                                    .mapTo(Integer.class)
                                    .one()),
                            c -> c == 0);
                    for (Slot s : slots)
                        if (!s.process.alive()) violations.add("process " + s.name + " died by itself");
                    BillingCrashLoop.check(jdbi, stack, tenants, initial, checks, violations, findings);
                    provisioning(jdbi, stack, tenants, accepted, checks, violations);
                }
            } finally {
                for (Slot s : slots) if (s.up()) s.kill();
            }
        }
        return new Report(cycles, kills, renewalRuns, accepted.size(), checks, violations, findings);
    }

    /**
     * Requests for {@code ms}, each to a live process picked at random: tenants paying by hand, relays ordered (each
     * accepted one remembered), idle pauses so that kills land at random points of the processes' own work.
     */
    private static void work(
            ThreadLocalRandom rnd,
            List<Slot> slots,
            LocalStack stack,
            List<BillingCrashLoop.Tenant> tenants,
            List<String> accepted,
            int cycle,
            long ms)
            throws InterruptedException {
        List<Slot> live = slots.stream().filter(Slot::up).toList();
        long until = System.nanoTime() + ms * 1_000_000;
        int n = 0;
        while (System.nanoTime() < until) {
            Api api = live.get(rnd.nextInt(live.size())).api;
            int pick = rnd.nextInt(3);
            if (pick == 0) BillingCrashLoop.payByHand(api, stack, tenants, false);
            else if (pick == 1) {
                BillingCrashLoop.Tenant t = tenants.get(rnd.nextInt(tenants.size()));
                String sub = "t" + cycle + "-" + n++ + "-" + t.keys().pubkey().substring(0, 6);
                Api.Response r = BillingCrashLoop.createPaid(api, t.keys(), sub);
                if (r.status() == 201) accepted.add(r.json().at("/relay/id").asText());
            } else Thread.sleep(rnd.nextLong(50, 300)); // idle between actions: kills land at random
        }
    }

    /**
     * Nothing lost and nothing provisioned twice: every accepted relay is in the database, and zooid holds exactly
     * the database's relays (by schema), none without a row and none missing once every invoice is paid.
     */
    private static void provisioning(
            Jdbi jdbi,
            LocalStack stack,
            List<BillingCrashLoop.Tenant> tenants,
            List<String> accepted,
            List<String> checks,
            List<String> violations) {
        Set<String> tenantKeys = new HashSet<>();
        for (BillingCrashLoop.Tenant t : tenants) tenantKeys.add(t.keys().pubkey());
        Map<String, String> schemaById = new HashMap<>();
        Map<String, String> statusById = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT id, tenant, schema, status FROM relays")
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                .forEach(r -> {
                    if (!tenantKeys.contains(r[1])) return;
                    schemaById.put(r[0], r[2]);
                    statusById.put(r[0], r[3]);
                }));
        for (String id : accepted)
            if (!schemaById.containsKey(id)) violations.add("relay " + id + " accepted (201) but not in the database");
        checks.add(accepted.size() + " relays accepted during the cycles: each in the database");

        Set<String> inZooid = new TreeSet<>();
        zooidRelays(stack).fieldNames().forEachRemaining(inZooid::add);
        Set<String> provisioned = new TreeSet<>();
        schemaById.forEach((id, schema) -> {
            String status = statusById.get(id);
            // pending and awaiting_payment relays were never created; inactive ones may have been removed
            if (status.equals("active") || status.equals("suspended")) provisioned.add(schema);
        });
        Set<String> known = new HashSet<>(schemaById.values());
        for (String z : inZooid)
            if (!known.contains(z)) violations.add("zooid holds relay " + z + " that no relay row names");
        for (String p : provisioned)
            if (!inZooid.contains(p)) violations.add("relay " + p + " is active or suspended but zooid lacks it");
        checks.add(inZooid.size() + " relays in zooid: exactly the database's provisioned relays (" + provisioned.size()
                + "), none orphaned, none missing");
    }

    /** Every relay config the stack's zooid emulator holds, by id (its control route; zooid itself has no GET). */
    private static JsonNode zooidRelays(LocalStack stack) {
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(stack.get("zooid_api_url") + "/_emulator/relays"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200)
                throw new IllegalStateException("zooid's relays: " + r.statusCode() + " " + r.body());
            return Api.JSON.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read zooid's relays: " + e.getMessage(), e);
        }
    }
}
