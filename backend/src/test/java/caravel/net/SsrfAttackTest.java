package caravel.net;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.billing.Autopay;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.TestBackend;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-side request forgery through a tenant's NWC URL (PUT /tenants/:pubkey), over real sockets: with production
 * rules Caravel never dials loopback or private addresses for a tenant (a listener there receives nothing), refuses
 * ws://, caps the number of relays, and answers every unreachable wallet with the same sentence, so closed ports,
 * open non-WebSocket ports and unknown hosts can no longer be told apart.
 */
class SsrfAttackTest {
    @TempDir
    Path dir;

    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    /** A TCP listener that counts connections (and answers none of them as a WebSocket). */
    static final class Listener implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger accepted = new AtomicInteger();

        Listener(InetAddress bind) throws Exception {
            socket = new ServerSocket(0, 50, bind);
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        accepted.incrementAndGet();
                        s.getOutputStream()
                                .write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    private TestBackend backend(boolean allowLocal) {
        TestBackend b = new TestBackend(
                dir.resolve(allowLocal ? "local" : "prod"),
                env -> env.put("OUTBOUND_ALLOW_LOCAL", Boolean.toString(allowLocal)));
        open.add(b);
        return b;
    }

    static String nwc(String... relays) {
        StringBuilder sb = new StringBuilder("nostr+walletconnect://"
                + Keys.generate().pubkey() + "?secret=" + Keys.generate().secretHex());
        for (String r : relays)
            sb.append("&relay=").append(java.net.URLEncoder.encode(r, java.nio.charset.StandardCharsets.UTF_8));
        return sb.toString();
    }

    static Api.Response putNwc(TestBackend b, Keys user, String url) {
        assertThat(b.api.as(user, "POST", "/tenants", null).status()).isIn(200, 201);
        return b.api.as(user, "PUT", "/tenants/" + user.pubkey(), Api.json(java.util.Map.of("nwc_url", url)));
    }

    @Test
    void loopbackAndPrivateTargetsAreNeverDialled() throws Exception {
        Listener target = new Listener(InetAddress.getLoopbackAddress());
        open.add(target);
        TestBackend b = backend(false);
        Keys user = Keys.generate();
        int p = target.port();
        for (String relay : List.of(
                "wss://127.0.0.1:" + p,
                "wss://localhost:" + p,
                "wss://[::ffff:127.0.0.1]:" + p,
                "wss://2130706433:" + p,
                "wss://0.0.0.0:" + p,
                "wss://169.254.169.254",
                "wss://10.0.0.1",
                "wss://192.168.1.1",
                "wss://[fd00:ec2::254]",
                "wss://zooid.invalid:3334")) {
            Api.Response r = putNwc(b, user, nwc(relay));
            assertThat(r.status()).as(relay + ": " + r.body()).isEqualTo(400);
            assertThat(r.error()).as(relay).isEqualTo(Autopay.WALLET_UNREACHABLE);
        }
        b.awaitJobsSettled(); // nor did any job it started connect later
        assertThat(target.accepted.get())
                .as("connections the local listener received")
                .isZero();
    }

    @Test
    void wsRelaysAndTooManyRelaysAndBadKeysAreClear400s() {
        TestBackend b = backend(false);
        Keys user = Keys.generate();
        Api.Response ws = putNwc(b, user, nwc("ws://relay.example.com"));
        assertThat(ws.status()).isEqualTo(400);
        assertThat(ws.error()).contains("must use wss://");
        Api.Response many = putNwc(
                b,
                user,
                nwc("wss://a.example.com", "wss://b.example.com", "wss://c.example.com", "wss://d.example.com"));
        assertThat(many.status()).isEqualTo(400);
        assertThat(many.error()).contains("more than 3 relays");
        // 64 hex characters, but not a point on the curve: used to be 500 "internal error"
        String badKey = "nostr+walletconnect://" + "f".repeat(64) + "?relay=wss%3A%2F%2Frelay.example.com&secret="
                + Keys.generate().secretHex();
        Api.Response bad = putNwc(b, user, badKey);
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.error()).contains("not a valid key");
        for (String broken : List.of(
                "nostr+walletconnect://",
                "nostr+walletconnect://abc",
                "https://wallet.example.com",
                "nostr+walletconnect://" + Keys.generate().pubkey(),
                "nostr+walletconnect://" + Keys.generate().pubkey() + "?relay=wss://r.example.com",
                "nostr+walletconnect://" + Keys.generate().pubkey() + "?relay=%zz&secret="
                        + Keys.generate().secretHex(),
                "nostr+walletconnect://" + Keys.generate().pubkey() + "?relay=wss://r.example.com&secret="
                        + "0".repeat(64))) {
            Api.Response r = putNwc(b, user, broken);
            assertThat(r.status()).as(broken + " → " + r.body()).isEqualTo(400);
            assertThat(r.error()).as(broken).startsWith("nwc_url: ");
        }
    }

    /** Even where local addresses are allowed (local stack), the answers no longer tell a port's state. */
    @Test
    void thePortScanOracleIsGone() throws Exception {
        Listener openPort = new Listener(InetAddress.getLoopbackAddress());
        open.add(openPort);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        TestBackend b = backend(true);
        Keys user = Keys.generate();
        Api.Response toOpen = putNwc(b, user, nwc("ws://127.0.0.1:" + openPort.port()));
        Api.Response toClosed = putNwc(b, user, nwc("ws://127.0.0.1:" + closedPort));
        Api.Response toNowhere = putNwc(b, user, nwc("ws://no-such-host.invalid"));
        assertThat(openPort.accepted.get()).isPositive(); // it was really dialled
        assertThat(List.of(toOpen.status(), toClosed.status(), toNowhere.status()))
                .containsOnly(400);
        assertThat(toOpen.body()).isEqualTo(toClosed.body()).isEqualTo(toNowhere.body());
        assertThat(toOpen.error()).isEqualTo(Autopay.WALLET_UNREACHABLE);
    }
}
