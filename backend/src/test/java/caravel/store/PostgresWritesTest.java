package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import caravel.testing.BothDatabases;
import caravel.testing.TestDatabases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write lock on PostgreSQL is taken once per transaction (however it begins) and once per write outside one, and
 * never for a read outside one: each extra take is a round trip on every write of the platform. It was taken twice
 * per inTransaction/useTransaction (once at begin, once around the callback).
 */
@BothDatabases
class PostgresWritesTest {
    @TempDir
    Path dir;

    @Test
    void oneLockPerTransactionAndPerLoneWriteNoneForALoneRead() {
        assumeTrue(TestDatabases.onPostgres(), "the advisory write lock is PostgreSQL's");
        try (Database db = TestDatabases.open(dir.resolve("locks.db"))) {
            AtomicInteger xactLocks = new AtomicInteger(), sessionLocks = new AtomicInteger();
            Jdbi jdbi = Jdbi.create(counting(db.dataSource(), xactLocks, sessionLocks));
            PostgresWrites.install(jdbi);

            jdbi.useTransaction(
                    h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            assertThat(xactLocks.get()).as("useTransaction").isEqualTo(1);
            jdbi.inTransaction(h -> h.execute("UPDATE session_revocations SET version = version WHERE id = 'x'"));
            assertThat(xactLocks.get()).as("inTransaction").isEqualTo(2);
            jdbi.useHandle(h -> {
                h.begin();
                h.createQuery("SELECT 1").mapTo(Integer.class).one();
                h.commit();
            });
            assertThat(xactLocks.get()).as("begin and commit by hand").isEqualTo(3);

            jdbi.useHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            assertThat(sessionLocks.get()).as("a lone read").isZero();
            jdbi.useHandle(h -> h.createUpdate("UPDATE session_revocations SET version = version WHERE id = 'x'")
                    .execute());
            assertThat(sessionLocks.get()).as("a lone write: lock and unlock").isEqualTo(2);
            assertThat(xactLocks.get()).isEqualTo(3);
        }
    }

    /** The database's connections, counting the statements that take the write lock. */
    private static DataSource counting(DataSource real, AtomicInteger xact, AtomicInteger session) {
        return (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, args) -> {
                    Object out = invoke(m, real, args);
                    if (!m.getName().equals("getConnection")) return out;
                    Connection c = (Connection) out;
                    return Proxy.newProxyInstance(
                            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (cp, cm, cargs) -> {
                                if (cm.getName().equals("prepareStatement") && cargs[0] instanceof String sql) {
                                    if (sql.contains("pg_advisory_xact_lock")) xact.incrementAndGet();
                                    else if (sql.contains("pg_advisory_lock") || sql.contains("pg_advisory_unlock"))
                                        session.incrementAndGet();
                                }
                                return invoke(cm, c, cargs);
                            });
                });
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
