package caravel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two backend processes sharing one database (the test's SQLite file, or its PostgreSQL database under
 * CARAVEL_TEST_POSTGRES: {@link TestDatabases#url}), each on its own port and public URL, their logs {@code a.log} and
 * {@code b.log} in {@code dir}: for what a change made through one must look like from the other at once.
 */
public final class TwoBackends implements AutoCloseable {
    public final Api a;
    public final Api b;
    private final BackendProcess processA;
    private final BackendProcess processB;

    public TwoBackends(Path dir) throws Exception {
        Map<String, String> base = TestEnv.env(dir, 0, Keys.generate().pubkey());
        int portA = TestEnv.freePort(), portB = TestEnv.freePort();
        processA = new BackendProcess(on(base, portA), dir.resolve("a.log"), List.of());
        try {
            processB = new BackendProcess(on(base, portB), dir.resolve("b.log"), List.of());
        } catch (Exception | Error e) {
            processA.close();
            throw e;
        }
        assertThat(processA.alive() && processB.alive())
                .as("both backends started")
                .isTrue();
        a = new Api("http://127.0.0.1:" + portA);
        b = new Api("http://127.0.0.1:" + portB);
    }

    private static Map<String, String> on(Map<String, String> base, int port) {
        Map<String, String> env = new HashMap<>(base);
        env.put("PORT", Integer.toString(port));
        env.put("PUBLIC_URL", "http://127.0.0.1:" + port);
        return env;
    }

    @Override
    public void close() {
        try {
            processB.close();
        } finally {
            processA.close();
        }
    }
}
