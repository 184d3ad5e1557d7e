package caravel.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class whose outcome can depend on which database the platform runs on, so it runs on SQLite and again on
 * PostgreSQL ({@code ./caravel test} runs only these in its PostgreSQL pass; {@code ./caravel test --full} runs every
 * class on both). What belongs here: every store and migration test, the SQL-heavy flows (billing histories, lists,
 * totals, search, paging), locking and concurrency (two processes or two pools on one database, races, leases, shared
 * rate limits), and one end-to-end flow per service. {@code BothDatabasesTagTest} keeps the rules that can be read
 * off the sources (the store package, migrations, PostgreSQL-only branches).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(BothDatabases.TAG)
public @interface BothDatabases {
    /** The JUnit tag the PostgreSQL pass selects. */
    String TAG = "both-databases";
}
