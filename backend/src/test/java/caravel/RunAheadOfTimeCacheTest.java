package caravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import caravel.testing.NostrTools;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./caravel run} restarts on the JDK's ahead-of-time cache for its jar (scripts/aot-cache.sh): the backend
 * ready in about half the time. Here a small jar that behaves like the backend (prints its ready line, then serves
 * until stopped) goes through the script's own functions: a cache is made for it, the run is given it, a JVM that must
 * use it ({@code -XX:AOTMode=on} refuses to start otherwise) starts on it, and a rebuilt jar is given none. Should the
 * script stop making a cache, or make one the JDK refuses, this fails rather than every restart quietly taking two
 * seconds more.
 */
@Tag("slow")
class RunAheadOfTimeCacheTest {
    private static final Path ROOT = NostrTools.root();

    @TempDir
    Path dir;

    @Test
    void theRunMakesACacheForItsJarAndStartsOnIt() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the cache needs JDK 25");
        Path jar = backendLikeJar();

        // made by the training run (the script runs it in the background at the lowest priority; here it is waited
        // for, at the test's own)
        String made = bash("aot_train \"$JAR\" \"$(aot_cache_file \"$JAR\")\" 0; aot_options \"$JAR\"", jar);
        assertThat(made).as("the run's options once the cache is made").startsWith("-XX:AOTCache=");
        Path cache = Path.of(made.trim().substring("-XX:AOTCache=".length()));
        assertThat(cache).isRegularFile().hasParent(jar.getParent().resolve("aot"));
        try (Stream<Path> left = Files.list(cache.getParent())) {
            assertThat(left.map(f -> f.getFileName().toString()))
                    .as("nothing left of the training but the cache")
                    .containsExactly(cache.getFileName().toString());
        }

        // a JVM that must use it starts on it, with the run's own options, and the JDK says nothing about it
        Process p = new ProcessBuilder(List.of(
                        java(),
                        "@" + ROOT.resolve("deploy/jvm.options"),
                        "-XX:AOTMode=on",
                        "-XX:AOTCache=" + cache,
                        "-jar",
                        jar.toString()))
                .redirectErrorStream(true)
                .start();
        String firstLine;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            firstLine = String.valueOf(out.readLine());
        }
        p.destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(firstLine)
                .startsWith("Caravel is running at")
                .doesNotContain("AOT")
                .doesNotContain("[aot]");

        // a rebuilt jar (another size or time) is not given the old jar's cache
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(bash("aot_options \"$JAR\"", jar)).isEmpty();
        // nor is any jar when the cache is turned off
        assertThat(bash("CARAVEL_AOT=false aot_options \"$JAR\"", jar)).isEmpty();
    }

    /** A jar whose main class prints the backend's ready line and then waits to be stopped, as the backend does. */
    private Path backendLikeJar() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("Ready.java"), """
                public class Ready {
                    public static void main(String[] args) throws Exception {
                        System.out.println("Caravel is running at http://127.0.0.1:9");
                        System.out.flush();
                        Thread.sleep(Long.MAX_VALUE);
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "--release",
                        "21",
                        "-d",
                        classes.toString(),
                        src.resolve("Ready.java").toString());
        assertThat(rc).as("javac").isZero();
        Path jar = Files.createDirectories(dir.resolve("target")).resolve("caravel.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Ready");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry("Ready.class"));
            Files.copy(classes.resolve("Ready.class"), jarOut);
            jarOut.closeEntry();
        }
        return jar;
    }

    /** Runs a command with scripts/lib.sh and scripts/aot-cache.sh sourced and JAR set; its standard output. */
    private static String bash(String command, Path jar) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        "bash",
                        "-c",
                        "set -euo pipefail; source scripts/lib.sh; source scripts/aot-cache.sh; " + command)
                .directory(ROOT.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        String home = System.getProperty("java.home");
        pb.environment().put("JAVA_HOME", home);
        pb.environment().put("PATH", home + "/bin:" + System.getenv("PATH"));
        pb.environment().put("JAR", jar.toString());
        pb.environment()
                .put(
                        "TMPDIR",
                        Files.createDirectories(jar.getParent().resolve("tmp")).toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("bash: " + command).isTrue();
        assertThat(p.exitValue()).as("bash: " + command).isZero();
        return out;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
