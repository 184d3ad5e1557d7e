package caravel.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the platform's data lives, from DATABASE_URL: the embedded SQLite file (one machine, the default) or a
 * PostgreSQL server (several Caravel processes). The password is never part of its text (describe, toString).
 */
public sealed interface DatabaseUrl {

    /** The SQLite file, when that is the database: backups, restores and the data disk's metric read it. */
    Optional<Path> file();

    /** Where the database is, for logs and errors: never a password. */
    String describe();

    record SqliteFile(Path path) implements DatabaseUrl {
        @Override
        public Optional<Path> file() {
            return Optional.of(path);
        }

        @Override
        public String describe() {
            return path.toString();
        }
    }

    /** A PostgreSQL server: the JDBC URL (host, port, database, query options) and the login, kept apart. */
    record Postgres(String jdbcUrl, String user, String password) implements DatabaseUrl {
        @Override
        public Optional<Path> file() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return jdbcUrl + (user.isEmpty() ? "" : " as " + user);
        }

        @Override
        public String toString() {
            return "Postgres[" + describe() + "]";
        }
    }

    /** The default: data/caravel.db beside the working directory. */
    String DEFAULT = "sqlite://data/caravel.db";

    /**
     * Reads DATABASE_URL: {@code sqlite://PATH} (or {@code sqlite:PATH}, {@code jdbc:sqlite:PATH}, a bare path) or
     * {@code postgresql://USER:PASSWORD@HOST:PORT/DATABASE?OPTIONS} ({@code postgres://} too; the user and password
     * are percent-decoded, the options go to the driver as they are, e.g. {@code sslmode=require}).
     */
    static DatabaseUrl parse(String value) {
        String v = value.trim();
        if (v.startsWith("postgresql://") || v.startsWith("postgres://")) return postgres(v);
        String path;
        if (v.startsWith("sqlite://")) path = v.substring("sqlite://".length());
        else if (v.startsWith("sqlite:")) path = v.substring("sqlite:".length());
        else if (v.startsWith("jdbc:sqlite:")) path = v.substring("jdbc:sqlite:".length());
        else if (v.contains("://"))
            throw new ConfigException(
                    "DATABASE_URL must be sqlite://<path> (or a file path) or postgresql://user:password@host/database");
        else path = v;
        int q = path.indexOf('?');
        if (q >= 0) path = path.substring(0, q);
        if (path.isBlank() || path.equals(":memory:")) throw new ConfigException("DATABASE_URL must name a file");
        return new SqliteFile(Path.of(path).toAbsolutePath().normalize());
    }

    private static Postgres postgres(String v) {
        URI uri;
        try {
            uri = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DATABASE_URL is not a valid postgresql:// URL (check that special characters"
                    + " in the password are percent-encoded)");
        }
        if (uri.getHost() == null || uri.getHost().isBlank())
            throw new ConfigException(
                    "DATABASE_URL must name the PostgreSQL host: postgresql://user:password@host/database");
        String db = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (db.isBlank() || db.contains("/"))
            throw new ConfigException("DATABASE_URL must name one database: postgresql://user:password@host/database");
        String user = "", password = "";
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                ? "[" + uri.getHost() + "]"
                : uri.getHost();
        String jdbc = "jdbc:postgresql://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/" + db
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Postgres(jdbc, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
