package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.BothDatabases;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

@BothDatabases
class SqlTest {
    @Test
    void aBusyDatabaseIsRecognisedThroughWrappers() {
        var busy = new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY);
        assertThat(Sql.isBusy(new IllegalStateException("wrapped", busy))).isTrue();
        assertThat(Sql.isBusy(new SQLiteException("constraint", SQLiteErrorCode.SQLITE_CONSTRAINT)))
                .isFalse();
        assertThat(Sql.isBusy(new IllegalStateException("no cause"))).isFalse();
    }
}
