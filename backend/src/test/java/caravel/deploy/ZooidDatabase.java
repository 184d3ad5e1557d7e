package caravel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A zooid node's database as the deploy scripts meet it: a relay's tables laid out as zooid lays them out (its events
 * and tags tables named by the schema, and a full-text index kept by triggers where zooid's SQLite has FTS5; the layout
 * was read from a real zooid node's database, the statements are ours), the sqlite3 shell to set it up and read it, and
 * a script of deploy/ run against it.
 */
final class ZooidDatabase {
    private ZooidDatabase() {}

    /** The tables zooid makes for relay {@code schema}. */
    static String layout(String schema) {
        return """
                PRAGMA journal_mode = WAL;
                CREATE TABLE S__events (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, kind INTEGER NOT NULL,
                  pubkey TEXT NOT NULL, content TEXT NOT NULL, tags TEXT NOT NULL, sig TEXT NOT NULL);
                CREATE TABLE S__event_tags (event_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
                  FOREIGN KEY (event_id) REFERENCES S__events(id) ON DELETE CASCADE);
                CREATE VIRTUAL TABLE S__events_fts USING fts5(content, content='S__events', content_rowid='rowid');
                CREATE TRIGGER S__events_ai AFTER INSERT ON S__events BEGIN
                  INSERT INTO S__events_fts(rowid, content) VALUES (new.rowid, new.content); END;
                CREATE TRIGGER S__events_ad AFTER DELETE ON S__events BEGIN
                  INSERT INTO S__events_fts(S__events_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
                END;
                """.replace("S__", schema + "__");
    }

    record Result(int status, String output) {}

    /** Runs deploy/{@code script} with only {@code env}'s ZOOID_DB_ and ZOOID_MEDIA_ settings, stdout and stderr together. */
    static Result run(Path script, Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("sh", script.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("ZOOID_DB_") || k.startsWith("ZOOID_MEDIA_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    /** The sqlite3 shell's output of {@code statements} on {@code db}. */
    static String sql(Path db, String statements) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sqlite3", "-batch", db.toString())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write(statements.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.replace("wal\n", "");
    }
}
