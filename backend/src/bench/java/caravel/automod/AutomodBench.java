package caravel.automod;

import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The automatic rules' cost (issue 44), side by side in one run: events checked per second on one thread with 100
 * rules (50 words, 50 patterns) on each of 1,000 watched relays, beside the same events through the engine with
 * every rule off; the heap the engine holds per relay with such rules and without; and the time from a member's
 * post being accepted by the zooid emulator to its being gone, through the real watch and NIP-86 (p50/p95). Lives in
 * the engine's package to fill its cache directly (the rules' loading from the database is not what is measured).
 */
public final class AutomodBench {
    static final int RELAYS = 1_000;
    static final int EVENTS = Integer.getInteger("events", 200_000);

    public static void main(String[] args) throws Exception {
        throughputAndMemory();
        int posts = Integer.getInteger("posts", 30);
        if (posts > 0) latency(posts);
        System.exit(0);
    }

    static List<String> vocabulary(Random rnd, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder b = new StringBuilder();
            int len = 3 + rnd.nextInt(7);
            for (int j = 0; j < len; j++) b.append((char) ('a' + rnd.nextInt(26)));
            out.add(b.toString());
        }
        return out;
    }

    static RuleEngine.RelayRules rulesFor(String tenant, String relayKey, Random rnd, List<String> vocab) {
        List<String> words = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < 50; i++) words.add("blocked" + rnd.nextInt(1_000_000));
        for (int i = 0; i < 50; i++)
            patterns.add(
                    switch (i % 5) {
                        case 0 -> "bit\\.ly/" + vocab.get(rnd.nextInt(vocab.size())) + "\\w*";
                        case 1 -> "(?:free|cheap)\\s+" + vocab.get(rnd.nextInt(vocab.size())) + "\\d+";
                        case 2 -> "[0-9]{3}-[0-9]{4}-" + rnd.nextInt(100);
                        case 3 -> "buy\\s+now\\s+" + vocab.get(rnd.nextInt(vocab.size())) + "x";
                        default -> "(a+)+z" + rnd.nextInt(1000);
                    });
        RuleSettings s = new RuleSettings(true, words, patterns, false, 1, 7).validate();
        // no relay record: nothing here is removed (no event carries a blocked word), which is all it is used for
        return new RuleEngine.RelayRules(
                null,
                relayKey,
                s,
                new BlockedTerms(s.words(), s.patterns()),
                Set.of(tenant, relayKey),
                new java.util.concurrent.ConcurrentHashMap<>());
    }

    static long heapUsed() {
        for (int i = 0; i < 4; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void throughputAndMemory() {
        Random rnd = new Random(44);
        List<String> vocab = vocabulary(rnd, 5_000);
        String relayKey = Keys.generate().pubkey();
        List<String> relays = new ArrayList<>();
        for (int i = 0; i < RELAYS; i++) relays.add("relay" + i);
        // events: notes of 20 to 60 ordinary words (about 100 to 500 characters), none of them blocked
        List<Keys> authors = new ArrayList<>();
        for (int i = 0; i < 50; i++) authors.add(Keys.generate());
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = 20 + rnd.nextInt(40);
            for (int j = 0; j < n; j++)
                b.append(vocab.get(rnd.nextInt(vocab.size()))).append(j % 9 == 8 ? ". " : " ");
            events.add(authors.get(i % authors.size()).sign(1_700_000_000L + i, 1, List.of(), b.toString()));
        }

        long base = heapUsed();
        Map<String, RuleEngine.RelayRules> off = new HashMap<>();
        for (String r : relays) off.put(r, RuleEngine.RelayRules.OFF);
        long offBytes = heapUsed() - base;
        Map<String, RuleEngine.RelayRules> on = new HashMap<>();
        for (String r : relays) on.put(r, rulesFor(Keys.generate().pubkey(), relayKey, rnd, vocab));
        long onBytes = heapUsed() - base - offBytes;

        RuleEngine without = new RuleEngine(null, null, null, null, null, TeamKeys.NONE);
        RuleEngine with = new RuleEngine(null, null, null, null, null, TeamKeys.NONE);
        for (String r : relays) {
            without.put(r, off.get(r));
            with.put(r, on.get(r));
        }
        List<String> ids = new ArrayList<>(off.keySet());
        Collections.shuffle(ids, rnd);
        // warm up both, then time them alternately
        run(without, ids, events, EVENTS / 4);
        run(with, ids, events, EVENTS / 4);
        double offRate = 0, onRate = 0;
        for (int round = 0; round < 3; round++) {
            offRate = Math.max(offRate, run(without, ids, events, EVENTS));
            onRate = Math.max(onRate, run(with, ids, events, EVENTS));
        }
        System.out.printf(
                "events checked per second, one thread, %,d relays: rules off %,.0f; 100 rules each (50 words, 50 patterns) %,.0f (%.2f of rules off)%n",
                RELAYS, offRate, onRate, onRate / offRate);
        System.out.printf(
                "heap the engine holds per relay: rules off %,d bytes; with 100 rules %,d bytes (%,.0f KiB for %,d relays)%n",
                offBytes / RELAYS, onBytes / RELAYS, (offBytes + onBytes) / 1024.0, RELAYS);
        // one worst case: a 16 KiB event of 'a's against the catastrophic patterns of one relay
        Event worst = authors.get(0).sign(1_700_000_000L, 1, List.of(), "a".repeat(16_384) + "!");
        long t0 = System.nanoTime();
        int n = 200;
        for (int i = 0; i < n; i++) with.accepted(ids.get(i % ids.size()), worst);
        System.out.printf(
                "worst case: a 16 KiB event of one repeated letter against 100 rules incl. (a+)+z: %.2f ms per check%n",
                (System.nanoTime() - t0) / 1e6 / n);
    }

    /** Events per second over {@code n} events or {@link #ROUND_NANOS}, whichever ends first. */
    static double run(RuleEngine engine, List<String> ids, List<Event> events, int n) {
        long t0 = System.nanoTime();
        int i = 0;
        while (i < n) {
            engine.accepted(ids.get(i % ids.size()), events.get(i % events.size()));
            i++;
            if ((i & 63) == 0 && System.nanoTime() - t0 > ROUND_NANOS) break;
        }
        return i / ((System.nanoTime() - t0) / 1e9);
    }

    static final long ROUND_NANOS = 4_000_000_000L;

    /** Member posts with a blocked word through the zooid emulator, the real watch and NIP-86: accepted to gone. */
    static void latency(int posts) throws Exception {
        Path dir = Files.createTempDirectory("caravel-automod-bench");
        try (CommunityFixture fx =
                CommunityFixture.start(dir, CommunityFixture.Options.defaults().withoutDms(), "Bench", "bench")) {
            fx.watched();
            Api.Response set = fx.api.as(
                    fx.owner,
                    "PUT",
                    "/relays/" + fx.relayId + "/automod",
                    "{\"blocked_enabled\":true,\"words\":[\"spam\"],\"patterns\":[],\"first_posts_enabled\":false,"
                            + "\"first_posts_count\":1,\"first_posts_days\":7}");
            if (set.status() != 200) throw new IllegalStateException(set.body());
            Member m = new Member(Keys.generate(), fx.relayUrl);
            String claim = fx.api
                    .as(fx.owner, "GET", "/relays/" + fx.relayId + "/invite", null)
                    .json()
                    .get("claim")
                    .asText();
            m.join(claim);
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < posts; i++) {
                JsonNode p = m.publish(1, List.of(), "post " + i + " with spam");
                long accepted = System.nanoTime();
                String id = p.at("/event/id").asText();
                while (m.query(true, "{\"ids\":[\"" + id + "\"]}").get("events").size() > 0) {
                    if (System.nanoTime() - accepted > 30_000_000_000L) throw new IllegalStateException("not removed");
                    Thread.sleep(20);
                }
                ms.add((System.nanoTime() - accepted) / 1e6);
            }
            Collections.sort(ms);
            System.out.printf(
                    "accepted to gone (zooid emulator, real watch and NIP-86, %d posts, polled every 20 ms plus a query's round trip): p50 %.0f ms, p95 %.0f ms, max %.0f ms%n",
                    posts, ms.get(ms.size() / 2), ms.get((int) Math.ceil(ms.size() * 0.95) - 1), ms.get(ms.size() - 1));
        } finally {
            Member.shutdown();
        }
    }
}
