package caravel.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.LocalTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionException;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * On SQLite, this process's writers queue for the write lock in Java before they ask SQLite for it: every transaction
 * (BEGIN IMMEDIATE) and every write outside a transaction first takes one fair lock, given back when it ends.
 *
 * <p>Why: SQLite's busy timeout waits inside the driver's native code, and a virtual thread in native code pins its
 * carrier thread; the scheduler has one carrier per core. A fresh backend runs many jobs and requests at once, all on
 * virtual threads: with as many writers waiting on the lock as there are cores (two on a small server), no carrier was
 * left for the writer holding it, which had parked for a moment (a contended monitor, a pool, a log appender) and could
 * not come back to commit. The lock stayed held until the waiters' busy timeouts ran out (15 s each, again for each
 * retry), while requests and the job runner failed with "database is locked". Waiting on a Java lock unmounts a
 * virtual thread instead, so the carriers stay free for the holder. SQLite's own wait still covers other processes
 * sharing the file (at most one thread of this process waits there) and the few writes made on plain JDBC.
 */
final class SqliteWrites {
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Duration wait;
    private final Commits commits;

    private SqliteWrites(Duration wait, Commits commits) {
        this.wait = wait;
        this.commits = commits;
    }

    /**
     * @param wait how long a writer waits for this process's other writers: SQLite's busy timeout
     * @param commits told after each write committed
     */
    static void install(Jdbi jdbi, Duration wait, Commits commits) {
        SqliteWrites writes = new SqliteWrites(wait, commits);
        jdbi.setTransactionHandler(new Gated(LocalTransactionHandler.binding(), writes));
        jdbi.addCustomizer(new LoneWrites(writes));
    }

    /** Takes the write turn, or fails as busy (as SQLite would: {@link Sql#isBusy}) when it is not free in time. */
    private void enter() {
        boolean got;
        try {
            got = lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransactionException("interrupted while waiting to write", e);
        }
        if (!got)
            throw new TransactionException(
                    "Failed to start transaction",
                    new SQLiteException(
                            "[SQLITE_BUSY] another writer of this process held the database for " + wait.toSeconds()
                                    + " s",
                            SQLiteErrorCode.SQLITE_BUSY));
    }

    private void leave() {
        lock.unlock();
    }

    /** Whether a thread holds the write turn (tests). */
    boolean held() {
        return lock.isLocked();
    }

    /**
     * JDBI's own handler, specialized per handle as usual, with the write turn taken before BEGIN and given back once
     * the transaction ended either way. One instance per handle after {@link #specialize}: a handle runs one
     * transaction at a time, so {@code holding} says whether this handle's turn is still to be given back.
     */
    private static final class Gated extends DelegatingTransactionHandler {
        private final SqliteWrites writes;
        private boolean holding;

        Gated(TransactionHandler delegate, SqliteWrites writes) {
            super(delegate);
            this.writes = writes;
        }

        @Override
        public TransactionHandler specialize(Handle handle) throws SQLException {
            return new Gated(getDelegate().specialize(handle), writes);
        }

        @Override
        public void begin(Handle handle) {
            writes.enter();
            holding = true;
            try {
                super.begin(handle);
            } catch (RuntimeException e) {
                release();
                throw e;
            }
        }

        @Override
        public void commit(Handle handle) {
            try {
                super.commit(handle);
            } finally {
                // a failed commit is followed by a rollback, which finds the turn already given back
                release();
            }
            writes.commits.committed();
        }

        @Override
        public void rollback(Handle handle) {
            try {
                super.rollback(handle);
            } finally {
                release();
            }
        }

        private void release() {
            if (!holding) return;
            holding = false;
            writes.leave();
        }
    }

    /** A write outside any transaction takes the turn for its own run and gives it back when the statement closes. */
    private static final class LoneWrites implements StatementCustomizer {
        private final SqliteWrites writes;

        LoneWrites(SqliteWrites writes) {
            this.writes = writes;
        }

        @Override
        public void beforeExecution(PreparedStatement stmt, StatementContext ctx) throws SQLException {
            Connection c = ctx.getConnection();
            if (!c.getAutoCommit() || !Sql.isWrite(ctx.getRenderedSql())) return;
            writes.enter();
            ctx.addCleanable(() -> {
                writes.leave();
                writes.commits.committed();
            });
        }
    }
}
