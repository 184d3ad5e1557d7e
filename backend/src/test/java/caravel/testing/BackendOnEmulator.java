package caravel.testing;

import caravel.nostr.Keys;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A backend whose zooid is the emulator, its relays at {@code <sub>.localhost:<port>}: the set-up of the tests that
 * create free relays through the API and then look at what zooid holds (bans, members, NIP-86 calls, imports).
 */
public final class BackendOnEmulator implements AutoCloseable {
    public final ZooidEmulator zooid;
    public final TestBackend backend;
    public final Api api;

    private BackendOnEmulator(ZooidEmulator zooid, TestBackend backend) {
        this.zooid = zooid;
        this.backend = backend;
        this.api = backend.api;
    }

    /** The emulator behaving as {@code zooidLine}, whitelisting {@code zooidKey}, and a backend pointed at it. */
    public static BackendOnEmulator start(Path dir, Keys zooidKey, String zooidLine) throws Exception {
        return start(dir, zooidKey, zooidLine, env -> {});
    }

    /** As {@link #start(Path, Keys, String)}, with more settings for the backend ({@code moreEnv} writes them). */
    public static BackendOnEmulator start(
            Path dir, Keys zooidKey, String zooidLine, Consumer<Map<String, String>> moreEnv) throws Exception {
        ZooidEmulator zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0, zooidLine);
        try {
            return new BackendOnEmulator(zooid, new TestBackend(dir, env -> {
                zooid.pointAt(env, zooidKey);
                env.put("RELAY_DOMAIN", "localhost:" + zooid.port);
                moreEnv.accept(env);
            }));
        } catch (Exception | Error e) {
            zooid.close(); // the backend did not start: nothing else would stop the emulator
            throw e;
        }
    }

    /** A free relay named after its subdomain, created by {@code owner}; returns its id once it is active and synced. */
    public String createFreeRelay(Keys owner, String subdomain) {
        return createFreeRelay(owner, subdomain, subdomain);
    }

    public String createFreeRelay(Keys owner, String name, String subdomain) {
        return FreeRelays.create(api, owner, name, subdomain);
    }

    /** Waits until the relay is in {@code status} and zooid has its latest config; returns the relay as its owner sees it. */
    public JsonNode awaitSynced(Keys owner, String id, String status) {
        return FreeRelays.awaitSynced(api, owner, id, status);
    }

    @Override
    public void close() {
        try {
            backend.close();
        } finally {
            zooid.close();
        }
    }
}
