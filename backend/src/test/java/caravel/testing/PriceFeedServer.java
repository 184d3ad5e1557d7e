package caravel.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bitcoin price feed over real HTTP, shaped like the common public one (a flat object of prices by currency code,
 * as the local stack's price peer serves it): the price can be moved and the feed made to fail, as in an outage.
 */
public final class PriceFeedServer implements AutoCloseable {
    private final HttpServer server;
    private volatile String usd;
    private volatile int failWith;
    /** A body sent as it is in place of the prices (a broken or hostile feed); null: the prices. */
    private volatile String raw;
    /** A body of this many bytes, streamed (declared or chunked) in place of the prices; 0: none. */
    private volatile long flood;

    private volatile boolean floodDeclared;
    public final AtomicInteger requests = new AtomicInteger();
    /** Bytes of a flood body the server managed to send (the reader stops it by dropping the connection). */
    public final java.util.concurrent.atomic.AtomicLong floodSent = new java.util.concurrent.atomic.AtomicLong();

    public final String url;

    public PriceFeedServer(String usdPerBitcoin) throws IOException {
        this.usd = usdPerBitcoin;
        server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/prices", ex -> {
            requests.incrementAndGet();
            if (flood > 0) {
                sendFlood(ex);
                return;
            }
            int status = failWith == 0 ? 200 : failWith;
            String body = raw != null
                    ? raw
                    : failWith == 0
                            ? "{\"time\":" + (System.currentTimeMillis() / 1000) + ",\"USD\":" + usd + ",\"EUR\":92000}"
                            : "{\"error\":\"unavailable\"}";
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        // a flood being written must not hold up the next request
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/prices";
    }

    public void price(String usdPerBitcoin) {
        this.usd = usdPerBitcoin;
        this.raw = null;
        this.flood = 0;
    }

    /** Every answer is this body (status 200 unless failing). */
    public void body(String raw) {
        this.raw = raw;
        this.flood = 0;
    }

    /** Every answer is a body of {@code bytes} bytes of JSON whitespace, its length declared in the header or not. */
    public void flood(long bytes, boolean declared) {
        this.floodDeclared = declared;
        this.flood = bytes;
    }

    private void sendFlood(com.sun.net.httpserver.HttpExchange ex) throws IOException {
        long total = flood;
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, floodDeclared ? total : 0);
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        try (OutputStream out = ex.getResponseBody()) {
            for (long left = total; left > 0; left -= chunk.length) {
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                floodSent.addAndGet(n);
            }
        } catch (IOException dropped) {
            // the reader hung up, as it should
        }
    }

    /** 0: answer normally; else every request gets this status. */
    public void failWith(int status) {
        this.failWith = status;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
