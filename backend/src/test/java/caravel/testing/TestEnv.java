package caravel.testing;

import caravel.nostr.Keys;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** A complete, valid environment for a backend under test: temp database, free port, fresh keys. */
public final class TestEnv {
    private TestEnv() {}

    /** Ports this JVM handed out: the kernel may offer a port again as soon as the probe's socket closes. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    /**
     * A port nothing listens on now and this JVM has not handed out before: two ports asked for one backend (its API
     * and its Flotilla listener) once came back equal, and the backend refused the pair.
     */
    public static synchronized int freePort() {
        for (int tries = 0; ; tries++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            if (HANDED_OUT.add(port) || tries >= 100) return port;
        }
    }

    public static Map<String, String> env(Path dir, int port, String... admins) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestDatabases.url(dir.resolve("caravel.db")));
        // beside the test's own files on either database (on PostgreSQL the default would be the working folder)
        env.put("RELAY_BACKUP_DIR", dir.resolve("relay-backups").toString());
        env.put("HOST", "127.0.0.1");
        env.put("PORT", Integer.toString(port));
        env.put("PUBLIC_URL", "http://127.0.0.1:" + port);
        env.put("ADMINS", String.join(",", admins));
        env.put("ZOOID_API_URL", "http://127.0.0.1:9");
        env.put("ZOOID_API_SECRET", Keys.generate().secretHex());
        env.put("RELAY_DOMAIN", "relays.test");
        env.put("ENCRYPTION_SECRET", Keys.generate().secretHex());
        env.put("ROBOT_SECRET", Keys.generate().secretHex());
        env.put("ROBOT_OUTBOX_RELAYS", "ws://127.0.0.1:9");
        env.put("ROBOT_INDEXER_RELAYS", "ws://127.0.0.1:9");
        env.put("ROBOT_MESSAGING_RELAYS", "ws://127.0.0.1:9");
        // every test peer is on 127.0.0.1; tests of the outbound policy set this to false
        env.put("OUTBOUND_ALLOW_LOCAL", "true");
        // tests and benchmarks send far more than a person would, all from 127.0.0.1 and a few keys; the quota and
        // rate-limit tests set their own small numbers
        env.put("QUOTA_FREE_RELAYS", "10000");
        env.put("QUOTA_RELAYS", "10000");
        env.put("QUOTA_PENDING_INVOICES", "10000");
        env.put("QUOTA_DELETED_RELAYS", "10000");
        env.put("RATE_REQUESTS_PER_MINUTE_KEY", "1000000");
        env.put("RATE_REQUESTS_PER_MINUTE_IP", "1000000");
        env.put("RATE_WALLET_LOOKUPS_PER_INVOICE", "1000000");
        env.put("RATE_IMPORTS_PER_HOUR_KEY", "1000000");
        env.put("RATE_JOINS_PER_HOUR_IP", "1000000");
        // the test wallets (stack/wallet, the in-memory one) make regtest invoices, as a development node does
        env.put("LIGHTNING_NETWORK", "regtest");
        // tests move the clock by days: relays are backed up on a schedule only where a test asks for it
        env.put("RELAY_BACKUP_SCHEDULE", "off");
        return env;
    }
}
