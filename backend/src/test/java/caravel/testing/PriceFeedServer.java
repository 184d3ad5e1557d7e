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
    public final AtomicInteger requests = new AtomicInteger();
    public final String url;

    public PriceFeedServer(String usdPerBitcoin) throws IOException {
        this.usd = usdPerBitcoin;
        server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/prices", ex -> {
            requests.incrementAndGet();
            int status = failWith == 0 ? 200 : failWith;
            String body = failWith == 0
                    ? "{\"time\":" + (System.currentTimeMillis() / 1000) + ",\"USD\":" + usd + ",\"EUR\":92000}"
                    : "{\"error\":\"unavailable\"}";
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/prices";
    }

    public void price(String usdPerBitcoin) {
        this.usd = usdPerBitcoin;
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
