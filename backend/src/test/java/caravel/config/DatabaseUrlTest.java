package caravel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void sqliteFilesInEveryAcceptedSpelling() {
        for (String v : new String[] {"sqlite:///srv/c.db", "sqlite:/srv/c.db", "jdbc:sqlite:/srv/c.db", "/srv/c.db"})
            assertThat(DatabaseUrl.parse(v)).isEqualTo(new DatabaseUrl.SqliteFile(Path.of("/srv/c.db")));
        assertThat(DatabaseUrl.parse("sqlite:///srv/c.db?mode=rwc").file()).contains(Path.of("/srv/c.db"));
    }

    @Test
    void postgresKeepsTheLoginApartAndDecoded() {
        var p = (DatabaseUrl.Postgres)
                DatabaseUrl.parse("postgresql://caravel:p%40ss%3Aw%2Ford+x@db.internal:6432/platform?sslmode=require");
        assertThat(p.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/platform?sslmode=require");
        assertThat(p.user()).isEqualTo("caravel");
        assertThat(p.password()).isEqualTo("p@ss:w/ord+x");
        assertThat(p.file()).isEmpty();
        var bare = (DatabaseUrl.Postgres) DatabaseUrl.parse("postgres://db/platform");
        assertThat(bare.jdbcUrl()).isEqualTo("jdbc:postgresql://db/platform");
        assertThat(bare.user()).isEmpty();
        assertThat(bare.password()).isEmpty();
    }

    @Test
    void thePasswordIsNeverInItsText() {
        DatabaseUrl p = DatabaseUrl.parse("postgresql://caravel:hunter2secret@db/platform");
        assertThat(p.describe()).contains("db/platform").contains("caravel").doesNotContain("hunter2secret");
        assertThat(p.toString()).doesNotContain("hunter2secret");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://caravel:hunter2 secret@db/platform"))
                .isInstanceOf(ConfigException.class)
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void incompleteUrlsAreRefusedSayingWhatIsMissing() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://user@/platform"))
                .hasMessageContaining("host");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://db.internal")).hasMessageContaining("one database");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://db.internal/a/b"))
                .hasMessageContaining("one database");
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://db/x")).hasMessageContaining("postgresql://");
        assertThatThrownBy(() -> DatabaseUrl.parse("sqlite://")).hasMessageContaining("name a file");
    }
}
