package caravel;

import caravel.config.Config;
import caravel.config.ConfigException;
import caravel.nostr.Keys;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: configuration from the environment only. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("pubkey")) {
            System.exit(printPublicKey(args.length > 1 ? args[1] : "ZOOID_API_SECRET"));
            return;
        }
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        Config config;
        try {
            config = Config.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("caravel: " + e.getMessage());
            System.exit(2);
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        App app = new App(config, Clock.systemUTC()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
        log.info("Caravel listening on http://{}:{} (database {})", config.host(), app.port(), config.databasePath());
        System.out.println("Caravel is running at " + config.publicUrls().get(0));
    }

    /**
     * {@code caravel.jar pubkey [VARIABLE]}: the lower-case hex public key of a secret held in the environment
     * (ZOOID_API_SECRET by default) — what zooid's API_WHITELIST needs. The secret is read from the environment, never
     * from the command line, so it stays out of shell history and process lists.
     */
    private static int printPublicKey(String variable) {
        String secret = System.getenv(variable);
        if (secret == null || secret.isBlank()) {
            System.err.println("caravel: " + variable + " is not set");
            return 2;
        }
        try {
            System.out.println(Keys.parse(secret.trim()).pubkey());
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("caravel: " + variable + " must be a 64-hex secret key or an nsec");
            return 2;
        }
    }
}
