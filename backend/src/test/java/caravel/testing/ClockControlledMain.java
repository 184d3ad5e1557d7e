package caravel.testing;

import caravel.App;
import caravel.Wallets;
import caravel.config.Config;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backend as Main starts it, but on a {@link MutableClock} that an end-to-end test moves forward (web/e2e: paid
 * admission's month, its renewal notice and its lapse, without living through them). Test code only: the jar's Main
 * has no way to change its time. Run from the jar and the test classes:
 *
 * <pre>java -cp backend/target/caravel.jar:backend/target/test-classes caravel.testing.ClockControlledMain</pre>
 *
 * <p>with the usual environment plus CLOCK_CONTROL_PORT, where a loopback-only listener takes
 *
 * <ul>
 *   <li>{@code GET /clock}: {"now_ms":…,"offset_ms":…}
 *   <li>{@code POST /clock/advance?seconds=N}: moves the clock N seconds forward, answers as GET does
 * </ul>
 *
 * <p>Periodic work (the admission run, billing) is queued for a time on this clock, so after a jump the next run is
 * already due and the job runner picks it up at its next poll (half a second): nothing else needs waking.
 *
 * <p>Owners' and the platform's NIP-47 wallets are spoken to on the real clock: a wallet service answers with events
 * stamped with its own (real) time, and the client subscribes to answers from a few seconds before its own now, so on
 * a clock moved days ahead no answer would ever match. A wallet's invoices then expire in real time, which only
 * leaves the renewal invoice open longer than its period here, as the tests want.
 */
public final class ClockControlledMain {
    private ClockControlledMain() {}

    public static void main(String[] args) throws IOException {
        Config config = caravel.Main.configuredOrExit();
        String port = System.getenv("CLOCK_CONTROL_PORT");
        if (port == null || !port.matches("[0-9]{1,5}")) {
            System.err.println("caravel: CLOCK_CONTROL_PORT must name the clock control's port");
            System.exit(2);
            return;
        }
        MutableClock clock = new MutableClock();
        AppOptions options = AppOptions.builder().wallets(Wallets.nwc(config, Clock.systemUTC()));
        App app = new App(config, clock, options.build()).start();
        HttpServer control = control(clock, Integer.parseInt(port));
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            control.stop(0);
                            app.close();
                        },
                        "shutdown"));
        System.out.println("Caravel is running at " + config.publicUrls().get(0) + " (clock control on 127.0.0.1:"
                + control.getAddress().getPort() + ")");
    }

    private static HttpServer control(MutableClock clock, int port) throws IOException {
        // loopback only: whoever reaches it decides what time the platform thinks it is
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/clock", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getPath();
                String method = ex.getRequestMethod();
                if (path.equals("/clock") && method.equals("GET")) {
                    answer(ex, 200, now(clock));
                } else if (path.equals("/clock/advance") && method.equals("POST")) {
                    drain(ex.getRequestBody());
                    Long seconds = seconds(ex.getRequestURI().getRawQuery());
                    if (seconds == null) {
                        answer(ex, 400, "{\"error\":\"seconds must be a whole number of seconds, 0 or more\"}");
                        return;
                    }
                    clock.advance(Duration.ofSeconds(seconds));
                    answer(ex, 200, now(clock));
                } else {
                    answer(ex, 404, "{\"error\":\"GET /clock or POST /clock/advance?seconds=N\"}");
                }
            }
        });
        server.start();
        return server;
    }

    private static final Pattern SECONDS = Pattern.compile("(?:^|&)seconds=([0-9]{1,12})(?:&|$)");

    /** The seconds=N of a query, or null when it is missing, negative or not a whole number. */
    static Long seconds(String query) {
        if (query == null) return null;
        Matcher m = SECONDS.matcher(query);
        return m.find() ? Long.parseLong(m.group(1)) : null;
    }

    private static String now(MutableClock clock) {
        long now = clock.millis();
        return "{\"now_ms\":" + now + ",\"offset_ms\":" + (now - System.currentTimeMillis()) + "}";
    }

    private static void drain(InputStream in) throws IOException {
        in.readAllBytes();
    }

    private static void answer(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }
}
