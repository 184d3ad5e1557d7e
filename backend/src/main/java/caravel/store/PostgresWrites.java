package caravel.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.core.transaction.LocalTransactionHandler;

/**
 * One writer at a time on PostgreSQL, as on SQLite. The stores' read-then-write transactions (a member cap counted
 * then a member added, an invoice looked for then made, a version taken as max + 1) were written for SQLite, where a
 * write transaction holds the database's one write lock from its first statement. Here every transaction takes one
 * transaction-scoped advisory lock when it begins, and a write outside a transaction takes the same lock for the
 * statement: writers from any process queue on it, readers never wait. A writer that cannot get it within the lock
 * timeout ({@link Database#BUSY_TIMEOUT}) fails as busy (SQLSTATE 55P03, {@link Sql#isBusy}), as on SQLite.
 *
 * <p>Taking the lock before any row lock matters: a lone UPDATE that locked its row first and then waited for the
 * advisory lock (in a trigger, say) could deadlock with a transaction that holds the advisory lock and wants the row.
 */
final class PostgresWrites {
    private PostgresWrites() {}

    /** The advisory lock's key: any constant no other tool on the database uses ("Caravel" in ASCII, trimmed). */
    static final long WRITE_LOCK = 0x43617261766cL;

    static void install(Jdbi jdbi) {
        install(jdbi, new Commits());
    }

    /** @param commits told after each write committed */
    static void install(Jdbi jdbi, Commits commits) {
        jdbi.setTransactionHandler(new LockingTransactions(commits));
        jdbi.addCustomizer(new LoneWrites(commits));
    }

    private static void lock(Connection c, String function) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + function + "(?)")) {
            st.setLong(1, WRITE_LOCK);
            st.execute();
        }
    }

    /**
     * Every transaction begins by taking the write lock; it is released when the transaction ends. JDBI's
     * inTransaction and useTransaction begin through here too, so this one place covers every transaction.
     */
    private static final class LockingTransactions extends LocalTransactionHandler {
        private final Commits commits;

        LockingTransactions(Commits commits) {
            this.commits = commits;
        }

        @Override
        public void commit(Handle handle) {
            super.commit(handle);
            commits.committed();
        }

        @Override
        public void begin(Handle handle) {
            super.begin(handle);
            try {
                lock(handle.getConnection(), "pg_advisory_xact_lock");
            } catch (SQLException e) {
                super.rollback(handle);
                throw new org.jdbi.v3.core.transaction.TransactionException("could not take the write lock", e);
            }
        }
    }

    /** A write outside any transaction takes the lock for its own run and gives it back when the statement closes. */
    private static final class LoneWrites implements StatementCustomizer {
        private final Commits commits;

        LoneWrites(Commits commits) {
            this.commits = commits;
        }

        @Override
        public void beforeExecution(PreparedStatement stmt, StatementContext ctx) throws SQLException {
            Connection c = ctx.getConnection();
            if (!c.getAutoCommit() || !Sql.isWrite(ctx.getRenderedSql())) return;
            lock(c, "pg_advisory_lock");
            ctx.addCleanable(() -> {
                lock(c, "pg_advisory_unlock");
                commits.committed();
            });
        }
    }
}
