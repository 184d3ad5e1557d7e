package caravel.zooid;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.TestBackend;
import caravel.testing.TestEnv;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The operator is told whether BLOSSOM_S3_* can be in effect: a backend against the emulator playing each zooid line,
 * with and without S3, and against no zooid at all, read through GET /admin/platform and the log.
 */
@Tag("peer")
class MediaStorageTest {
    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate();
    final String accessKey = "AKIA" + Keys.generate().pubkey().substring(0, 16);
    final String secretKey = Keys.generate().secretHex();
    ZooidEmulator zooid;
    TestBackend backend;
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final Logger logger = (Logger) LoggerFactory.getLogger(MediaStorage.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(logs);
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    void s3(Map<String, String> env) {
        env.put("BLOSSOM_S3_REGION", "eu-central-1");
        env.put("BLOSSOM_S3_BUCKET", "caravel-media");
        env.put("BLOSSOM_S3_ACCESS_KEY", accessKey);
        env.put("BLOSSOM_S3_SECRET_KEY", secretKey);
    }

    void start(String line, boolean withS3) throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0, line);
        backend = new TestBackend(dir, env -> {
            zooid.pointAt(env, zooidKey);
            if (withS3) s3(env);
        });
    }

    JsonNode media() {
        var r = backend.api.as(backend.admin, "GET", "/admin/platform", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("media");
    }

    /** The first background check has answered. */
    JsonNode checked() {
        return Wait.until(
                "a media storage check",
                Duration.ofSeconds(15),
                this::media,
                m -> !m.get("checked_at").isNull());
    }

    List<ILoggingEvent> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }

    @Test
    void archivedLineWithS3SaysTheSettingsAreIgnoredAndWarnsOnce() throws Exception {
        start("archived", true);
        JsonNode m = checked();
        assertThat(m.get("state").asText()).isEqualTo("s3_ignored");
        assertThat(m.get("s3_configured").asBoolean()).isTrue();
        assertThat(m.get("zooid_line").asText()).isEqualTo("archived");
        assertThat(m.get("message").asText())
                .contains("zooid ignores the S3 settings; media stays on zooid's own disk (MEDIA volume)");
        assertThat(m.get("action").asText()).contains("newer zooid line").contains("BLOSSOM_S3_*");
        assertThat(m.toString()).doesNotContain(secretKey).doesNotContain(accessKey);

        // checked again (as the background loop does): still ignored, and the log is not repeated
        assertThat(Inside.of(backend.app).mediaStorage().check().state()).isEqualTo(MediaStorage.State.S3_IGNORED);
        assertThat(warnings()).hasSize(1);
        String line = warnings().get(0).getFormattedMessage();
        assertThat(line).contains("zooid ignores the S3 settings").contains("newer zooid line");
        assertThat(line).doesNotContain(secretKey).doesNotContain(accessKey);
    }

    @Test
    void newerLineWithS3SaysS3IsInEffect() throws Exception {
        start("newer", true);
        JsonNode m = checked();
        assertThat(m.get("state").asText()).isEqualTo("s3");
        assertThat(m.get("zooid_line").asText()).isEqualTo("newer");
        assertThat(m.get("action").isNull()).isTrue();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void withoutS3MediaIsLocalAndZooidIsNotAsked() throws Exception {
        start("archived", false);
        JsonNode m = media();
        assertThat(m.get("state").asText()).isEqualTo("local");
        assertThat(m.get("s3_configured").asBoolean()).isFalse();
        assertThat(m.get("action").isNull()).isTrue();
        // nothing to find out: no probe, so never a warning either
        assertThat(Inside.of(backend.app).mediaStorage().check().checkedAt()).isEmpty();
        assertThat(media().get("checked_at").isNull()).isTrue();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void unreachableZooidIsUnknownUntilItAnswers() throws Exception {
        int port = TestEnv.freePort();
        backend = new TestBackend(dir, env -> {
            env.put("ZOOID_API_URL", "http://127.0.0.1:" + port);
            env.put("ZOOID_API_SECRET", zooidKey.secretHex());
            s3(env);
        });
        JsonNode m = checked();
        assertThat(m.get("state").asText()).isEqualTo("unknown");
        assertThat(m.get("zooid_line").asText()).isEqualTo("unknown");
        assertThat(m.get("message").asText()).contains("Cannot tell").contains("unreachable");
        assertThat(m.get("message").asText()).doesNotContain("Media goes to the S3 bucket");
        assertThat(warnings()).isEmpty();

        // zooid comes up later (here: the archived line): the next check tells, and warns
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), port, "archived");
        assertThat(Inside.of(backend.app).mediaStorage().check().state()).isEqualTo(MediaStorage.State.S3_IGNORED);
        assertThat(media().get("state").asText()).isEqualTo("s3_ignored");
        assertThat(warnings()).hasSize(1);
    }

    @Test
    void credentialsRefusedIsUnknownNotAClaim() throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0, "archived");
        backend = new TestBackend(dir, env -> {
            zooid.pointAt(env, Keys.generate()); // a key zooid does not whitelist
            s3(env);
        });
        JsonNode m = checked();
        assertThat(m.get("state").asText()).isEqualTo("unknown");
        assertThat(m.get("message").asText()).contains("API_WHITELIST");
    }
}
