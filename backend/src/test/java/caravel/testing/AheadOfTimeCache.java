package caravel.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDK's ahead-of-time cache (JEP 483 and 514, JDK 25) for the backends the tests start as processes: the classes
 * a backend loads and links on its way to ready, read from a file instead of being parsed, verified and linked again
 * by each of the suite's ~100 such JVMs. Measured on the test machine: a quick-start backend ready in 1.8 s of CPU
 * instead of 2.9 s. The code run is the same; only where the JVM finds its classes' parsed form differs.
 *
 * <p>A cache is made once for a class path and JVM options, by a backend started only for that (in the background:
 * the backends started meanwhile run without it), and written under a name of its own, then renamed into place, so
 * that no JVM maps a file being written. The JDK reads a cache only from jars, so the class path's folders
 * (target/classes, target/test-classes) are put in jars first, named by what they hold. Without JDK 25, or with
 * {@code -Dcaravel.aot=false}, nothing changes.
 */
final class AheadOfTimeCache {
    private AheadOfTimeCache() {}

    /** A training run that has not ended by then is taken as dead (a killed test JVM) and may be started again. */
    private static final Duration STALE_TRAINING = Duration.ofMinutes(3);

    private static final Path DIR = Path.of("target", "aot").toAbsolutePath();

    /** The class path of jars (null until first use), and this JVM's one training run at most. */
    private static String jarClassPath;

    private static boolean trainingStarted;

    /** Whether this JVM has cleared what earlier builds left. */
    private static boolean pruned;

    /**
     * The JVM options for a backend started with {@code jvmOptions}: its class path ({@code -cp}), and the cache when
     * there is one for that path and those options. Only the quick start's options have one (a test that adds its own,
     * a small heap for instance, runs as before).
     */
    static synchronized List<String> options(List<String> jvmOptions) {
        String classPath = System.getProperty("java.class.path");
        if (!enabled() || !jvmOptions.equals(BackendProcess.QUICK_START)) return List.of("-cp", classPath);
        try {
            if (jarClassPath == null) jarClassPath = jarsOnly(classPath);
            Path cache = DIR.resolve(
                    "backend-" + ShortHash.of(jarClassPath + "|" + jvmOptions + "|" + Runtime.version()) + ".aot");
            pruneOnce(cache);
            List<String> options = new ArrayList<>(List.of("-cp", jarClassPath));
            if (Files.isRegularFile(cache)) options.add("-XX:AOTCache=" + cache);
            else if (!trainingStarted) {
                trainingStarted = true;
                trainInBackground(cache, jvmOptions);
            }
            return options;
        } catch (IOException | RuntimeException e) {
            return List.of("-cp", classPath);
        }
    }

    /**
     * Deletes what earlier builds left (jars of classes since recompiled, their caches: 60 MB each), once per test
     * JVM; only files an hour old, so nothing the other test JVM of this run may be using.
     */
    private static void pruneOnce(Path cache) throws IOException {
        if (pruned) return;
        pruned = true;
        List<String> kept = new ArrayList<>(List.of(cache.getFileName().toString()));
        for (String entry : entries(jarClassPath))
            if (entry.startsWith(DIR.toString()))
                kept.add(Path.of(entry).getFileName().toString());
        Instant old = Instant.now().minus(Duration.ofHours(1));
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.toList()) {
                boolean current =
                        kept.stream().anyMatch(k -> f.getFileName().toString().startsWith(k));
                if (!current && Files.getLastModifiedTime(f).toInstant().isBefore(old)) Files.deleteIfExists(f);
            }
        }
    }

    private static boolean enabled() {
        return Runtime.version().feature() >= 25 && !"false".equals(System.getProperty("caravel.aot"));
    }

    /** The class path with each folder replaced by a jar of what it holds (made once, named by its contents). */
    private static String jarsOnly(String classPath) throws IOException {
        Files.createDirectories(DIR);
        List<String> jars = new ArrayList<>();
        for (String entry : entries(classPath)) {
            Path p = Path.of(entry);
            jars.add(Files.isDirectory(p) ? jarOf(p).toString() : entry);
        }
        return String.join(File.pathSeparator, jars);
    }

    /** A class path's entries, but an empty one (the working folder, which no class is read from). */
    static List<String> entries(String classPath) {
        return Stream.of(classPath.split(Pattern.quote(File.pathSeparator), -1))
                .filter(e -> !e.isEmpty())
                .toList();
    }

    private static Path jarOf(Path folder) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(folder)) {
            all = walk.filter(f -> !f.equals(folder)).sorted().toList();
        }
        List<Path> files = all.stream().filter(Files::isRegularFile).toList();
        List<Path> folders = all.stream().filter(Files::isDirectory).toList();
        StringBuilder listing = new StringBuilder(folder.toString());
        for (Path f : files)
            listing.append('\n')
                    .append(folder.relativize(f))
                    .append(' ')
                    .append(Files.size(f))
                    .append(' ')
                    .append(Files.getLastModifiedTime(f).toMillis());
        Path jar = DIR.resolve(folder.getFileName() + "-" + ShortHash.of(listing.toString()) + ".jar");
        if (Files.isRegularFile(jar)) return jar;
        Path partial = Files.createTempFile(DIR, "partial-", ".jar");
        try (OutputStream out = Files.newOutputStream(partial);
                JarOutputStream jarOut = new JarOutputStream(out)) {
            // the folders too, as the jar tool writes them: a resource folder (Flyway's migrations) is found by name
            for (Path f : folders) {
                jarOut.putNextEntry(new JarEntry(folder.relativize(f).toString().replace('\\', '/') + "/"));
                jarOut.closeEntry();
            }
            for (Path f : files) {
                jarOut.putNextEntry(new JarEntry(folder.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, jarOut);
                jarOut.closeEntry();
            }
        }
        // a link, not a rename: a jar another test JVM made first is kept as it is, since a cache names its jars by
        // their size and time
        try {
            Files.createLink(jar, partial);
        } catch (FileAlreadyExistsException e) {
            // made by the other test JVM meanwhile, with the same contents
        } finally {
            Files.delete(partial);
        }
        return jar;
    }

    /**
     * Starts a backend that writes the cache when it ends: started, ready, stopped gracefully (the JDK writes the
     * cache at the JVM's exit), then renamed into place. One at a time across the test JVMs (a marker file).
     */
    private static void trainInBackground(Path cache, List<String> jvmOptions) throws IOException {
        Path marker = DIR.resolve(cache.getFileName() + ".training");
        try {
            Files.createFile(marker);
        } catch (FileAlreadyExistsException e) {
            Instant started = Files.getLastModifiedTime(marker).toInstant();
            if (Instant.now().isBefore(started.plus(STALE_TRAINING))) return; // another JVM is making it
            Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
        }
        Path written = DIR.resolve("partial-" + ProcessHandle.current().pid() + "-" + cache.getFileName());
        Thread.ofVirtual().start(() -> {
            try {
                Path dir = Files.createTempDirectory("caravel-aot-training");
                Map<String, String> env = TestEnv.env(dir, TestEnv.freePort());
                TestDatabases.seed(env);
                List<String> options = new ArrayList<>(jvmOptions);
                options.addAll(List.of("-XX:AOTCacheOutput=" + written, "-cp", jarClassPath));
                // its output goes to a file beside the cache (what the JDK said, should no cache come of it)
                ProcessBuilder pb = BackendProcess.main(options, env)
                        .redirectOutput(
                                DIR.resolve(cache.getFileName() + ".log").toFile());
                Process p = pb.start();
                // a backend's start is what is worth caching: it is stopped once it answers
                String ready = "http://127.0.0.1:" + env.get("PORT") + "/healthz";
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest health = HttpRequest.newBuilder(URI.create(ready)).build();
                for (int i = 0; i < 600 && p.isAlive(); i++) {
                    try {
                        if (http.send(health, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200) break;
                    } catch (IOException notYet) {
                        // not listening yet
                    }
                    Thread.sleep(100);
                }
                p.destroy();
                if (p.waitFor(60, TimeUnit.SECONDS) && Files.isRegularFile(written))
                    Files.move(written, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                else p.destroyForcibly();
            } catch (IOException e) {
                // no cache this time: the backends start as they did without one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    Files.deleteIfExists(written);
                    Files.deleteIfExists(marker);
                } catch (IOException ignored) {
                    // a marker left behind goes stale and is taken over
                }
            }
        });
    }
}
