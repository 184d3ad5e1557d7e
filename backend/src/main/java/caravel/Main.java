package caravel;

import caravel.config.Config;
import caravel.config.ConfigException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: configuration from the environment only. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
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
}
