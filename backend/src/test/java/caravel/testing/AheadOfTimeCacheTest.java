package caravel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite's backends start on the JDK's ahead-of-time cache: it took the backend suite from 10m40 to 8m37 (16m23 of
 * CPU to 13m21). Should the cache stop being made, or be refused when a backend starts (the JDK then says so and runs
 * without it), this fails rather than the suite quietly taking two minutes more.
 */
@Tag("slow")
class AheadOfTimeCacheTest {
    @TempDir
    Path dir;

    @Test
    void backendsStartOnACacheMadeOncePerBuild() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the cache needs JDK 25");
        assumeTrue(!"false".equals(System.getProperty("caravel.aot")), "switched off with -Dcaravel.aot=false");
        List<String> options = AheadOfTimeCache.options(BackendProcess.QUICK_START);
        // a cache is made of jars only: the class path's folders are put in jars
        String classPath = options.get(options.indexOf("-cp") + 1);
        assertThat(AheadOfTimeCache.entries(classPath)).allMatch(e -> e.endsWith(".jar"));

        // made in the background by a backend started for it (or by the other test JVM); waited for here
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (options.stream().noneMatch(o -> o.startsWith("-XX:AOTCache="))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            options = AheadOfTimeCache.options(BackendProcess.QUICK_START);
        }
        assertThat(options).as("the cache for this build").anyMatch(o -> o.startsWith("-XX:AOTCache="));

        // a backend started on it is ready, and the JDK took the cache without a word (a refused one is reported)
        try (BackendProcess backend = new BackendProcess(TestEnv.env(dir, TestEnv.freePort()), null)) {
            assertThat(backend.alive()).isTrue();
            assertThat(backend.output.toString()).doesNotContain("[aot]").doesNotContain("AOT");
        }
        // options of a test's own (a small heap) start as before, without a cache made for other options
        assertThat(AheadOfTimeCache.options(List.of("-Xmx64m"))).noneMatch(o -> o.startsWith("-XX:AOTCache="));
    }
}
