package caravel.bench;

import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import caravel.nostr.Nip17;
import caravel.nostr.Nip44;
import caravel.nostr.Nip59;
import caravel.nostr.Rumor;
import caravel.nostr.Schnorr;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Messaging throughput in one run, beside the raw libsecp256k1 ECDH rate it is built on:
 * ECDH (x-only, unhashed) ops/s; NIP-44 encrypt+decrypt of a short message per second with a cached conversation
 * key and with the key derived on both sides each time; NIP-17 gift wraps (seal + wrap, 2 ECDH, 2 signatures,
 * 1 key generation) built per second. Each operation is warmed up; then the operations are measured in
 * interleaved slices over several rounds and each keeps its best round, so a burst of load from other processes on
 * the machine does not skew one figure against the others. Ratios are to the ECDH rate.
 *
 * <p>Usage: MessagingBench [--warmup-ms N] [--slice-ms N] [--rounds N]. Prints a table and a last line of JSON.
 */
public final class MessagingBench {
    @SuppressWarnings("UnusedVariable") // written only: keeps results alive so the JIT cannot drop the work
    private static volatile int sink;

    public static void main(String[] args) {
        long warmupMs = 1000, sliceMs = 800;
        int rounds = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--warmup-ms" -> warmupMs = Long.parseLong(args[i + 1]);
                case "--slice-ms" -> sliceMs = Long.parseLong(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Keys alice = Keys.generate(), bob = Keys.generate();
        byte[] aliceSecret = alice.secret();
        byte[] bobPub = Hex.decode(bob.pubkey());
        byte[] conv = Nip44.conversationKey(alice, bob.pubkey());
        String message = "Your invoice for relay \"caravel\" is paid. Thank you!";
        long now = System.currentTimeMillis() / 1000;
        Rumor rumor = Nip17.chatMessage(alice.pubkey(), List.of(bob.pubkey()), message, now, null);

        Map<String, IntSupplier> ops = new LinkedHashMap<>();
        ops.put("ecdh", () -> Schnorr.sharedX(aliceSecret, bobPub)[0]);
        ops.put(
                "nip44_encrypt_decrypt_cached_key",
                () -> Nip44.decrypt(Nip44.encrypt(message, conv), conv).length());
        ops.put("nip44_encrypt_decrypt_with_key_derivation", () -> {
            String payload = Nip44.encrypt(message, Nip44.conversationKey(alice, bob.pubkey()));
            return Nip44.decrypt(payload, Nip44.conversationKey(bob, alice.pubkey()))
                    .length();
        });
        ops.put("gift_wraps_built", () -> {
            Event wrap = Nip59.giftWrap(alice, rumor, bob.pubkey(), now);
            return wrap.content().length();
        });
        Map<String, String> labels = Map.of(
                "ecdh", "ECDH (libsecp256k1, x-only, unhashed)",
                "nip44_encrypt_decrypt_cached_key", "NIP-44 encrypt+decrypt, cached conv. key",
                "nip44_encrypt_decrypt_with_key_derivation", "NIP-44 encrypt+decrypt, both keys derived",
                "gift_wraps_built", "NIP-17 gift wraps built (seal + wrap)");

        for (IntSupplier op : ops.values()) run(op, warmupMs);
        Map<String, Double> best = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, IntSupplier> e : ops.entrySet()) {
                long[] done = run(e.getValue(), sliceMs);
                best.merge(e.getKey(), done[0] * 1e9 / done[1], Math::max);
            }
        }

        double ecdh = best.get("ecdh");
        System.out.printf(
                "%-45s %14s %12s%n",
                "operation (best of " + rounds + " x " + sliceMs + " ms)", "per second", "x ECDH rate");
        StringBuilder json = new StringBuilder("{");
        best.forEach((name, rate) -> {
            System.out.printf("%-45s %,14.0f %12.3f%n", labels.get(name), rate, rate / ecdh);
            if (json.length() > 1) json.append(',');
            json.append('"').append(name).append("_per_s\":").append(Math.round(rate));
            json.append(",\"")
                    .append(name)
                    .append("_vs_ecdh\":")
                    .append(String.format(Locale.ROOT, "%.4f", rate / ecdh));
        });
        json.append('}');
        System.out.println(json);
    }

    private static long[] run(IntSupplier op, long ms) {
        long start = System.nanoTime(), end = start + ms * 1_000_000;
        long n = 0;
        int acc = 0;
        long t;
        do {
            for (int i = 0; i < 16; i++) acc += op.getAsInt(); // check the clock every 16 ops
            n += 16;
        } while ((t = System.nanoTime()) < end);
        sink = acc;
        return new long[] {n, t - start};
    }
}
