package caravel;

import caravel.config.Config;
import caravel.config.ConfigException;
import caravel.config.DatabaseUrl;
import caravel.nostr.Keys;
import caravel.store.Backups;
import caravel.store.Database;
import caravel.store.DatabaseCopy;
import caravel.store.DatabaseLock;
import caravel.store.Restore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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
        if (args.length > 0 && args[0].equals("copy-database")) {
            System.exit(copyDatabase());
            return;
        }
        if (args.length > 0 && (args[0].equals("backup") || args[0].equals("restore"))) {
            System.exit(backupOrRestore(args));
            return;
        }
        Config config = configuredOrExit();
        Logger log = LoggerFactory.getLogger(Main.class);
        App app = new App(config, Clock.systemUTC()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
        log.info(
                "Caravel listening on http://{}:{} (database {})",
                config.host(),
                app.port(),
                config.database().describe());
        System.out.println("Caravel is running at " + config.publicUrls().get(0));
    }

    /**
     * What a starting service needs before its App: the JVM setting its HTTP clients rely on, and the configuration
     * from the environment; a configuration mistake is printed and the process exits with 2. (The test launcher that
     * starts the App on a moved clock begins the same way.)
     */
    public static Config configuredOrExit() {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        try {
            return Config.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("caravel: " + e.getMessage());
            System.exit(2);
            throw new IllegalStateException("exited", e); // not reached: exit does not return
        }
    }

    /**
     * {@code caravel.jar backup FILE} (an online backup, safe while the service runs) and {@code caravel.jar restore
     * FILE} (with the service stopped). Both read only DATABASE_URL, not the whole configuration: a backup must be
     * possible, and a restore must work, on a box whose other settings are missing or broken.
     */
    private static int backupOrRestore(String[] args) {
        if (args.length != 2 || args[1].isBlank()) {
            System.err.println("usage: caravel.jar " + args[0] + " <file>   (the database is DATABASE_URL's)");
            return 2;
        }
        Path db;
        try {
            db = Config.databasePath(System.getenv());
        } catch (ConfigException e) {
            System.err.println("caravel: " + e.getMessage());
            return 2;
        }
        Path file = Path.of(args[1]);
        try {
            if (args[0].equals("backup")) {
                Backups.Written w = Backups.backup(db, file);
                System.out.println("backup of " + db + " written to " + w.file() + " (" + w.bytes() + " bytes, "
                        + w.millis() + " ms)");
            } else {
                Restore.Restored r = Restore.restore(file, db, Instant.now());
                System.out.println("restored " + r.database() + " from "
                        + file.toAbsolutePath().normalize() + " (schema version " + r.schemaVersion() + ")");
                if (r.kept() != null) System.out.println("the database it replaced is kept as " + r.kept());
                System.out.println("start Caravel to use it (it applies any newer migrations first)");
            }
            return 0;
        } catch (Backups.BackupException e) {
            System.err.println("caravel: " + e.getMessage());
            return 1;
        }
    }

    /**
     * {@code caravel.jar copy-database}: the platform in DATABASE_URL's SQLite file copied into the new PostgreSQL
     * database TO_DATABASE_URL names (docs/deploy.md, "From SQLite to PostgreSQL"), with Caravel stopped. The target is
     * read from the environment, never the command line, so its password stays out of shell history and process lists.
     */
    private static int copyDatabase() {
        DatabaseUrl from, to;
        try {
            from = DatabaseUrl.parse(System.getenv().getOrDefault("DATABASE_URL", DatabaseUrl.DEFAULT));
            String target = System.getenv("TO_DATABASE_URL");
            if (target == null || target.isBlank())
                throw new ConfigException("TO_DATABASE_URL must name the new PostgreSQL database (postgresql://…)");
            to = DatabaseUrl.parse(target);
        } catch (ConfigException e) {
            System.err.println("caravel: " + e.getMessage());
            return 2;
        }
        if (!(from instanceof DatabaseUrl.SqliteFile sqlite) || !(to instanceof DatabaseUrl.Postgres)) {
            System.err.println(
                    "caravel: copy-database copies DATABASE_URL's SQLite file into TO_DATABASE_URL's PostgreSQL database");
            return 2;
        }
        Path file = sqlite.path();
        // no Caravel may have the file open: a copy of a platform still writing would lose what it writes after
        try {
            var stopped = DatabaseLock.exclusive(file);
            if (stopped.isEmpty()) {
                System.err.println("caravel: Caravel is running on " + file + " (it holds "
                        + DatabaseLock.lockFile(file) + "): stop it, then copy");
                return 1;
            }
            stopped.get().close();
        } catch (java.io.IOException e) {
            System.err.println("caravel: cannot lock " + DatabaseLock.lockFile(file) + ": " + e.getMessage());
            return 1;
        }
        long t0 = System.nanoTime();
        try (Database source = Database.open(from);
                Database target = Database.open(to)) {
            DatabaseCopy.Copied copied = DatabaseCopy.copy(source, target);
            copied.rows().forEach((table, n) -> System.out.printf("  %-28s %,d%n", table, n));
            System.out.printf(
                    "copied %,d rows from %s to %s in %.1f s%n",
                    copied.total(), from.describe(), to.describe(), (System.nanoTime() - t0) / 1e9);
            System.out.println(
                    "set DATABASE_URL to the PostgreSQL database (and keep ENCRYPTION_SECRET) and start Caravel");
            return 0;
        } catch (DatabaseCopy.CopyException e) {
            System.err.println("caravel: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println("caravel: could not open the databases: " + e.getMessage());
            return 1;
        }
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
