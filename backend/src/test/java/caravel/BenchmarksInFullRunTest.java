package caravel;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.NostrTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Benchmarks that nothing runs rot unseen (issue 55: `bench live` failed for weeks). `./caravel test --full` runs
 * `bench/run --smallest`, which runs every benchmark at its smallest size; this fails when a benchmark stops being part
 * of that run: one that bench/run names but --smallest leaves out, a size with no smallest (a number defaulted from the
 * environment instead of `size VAR FULL SMALLEST`), or a --full run that no longer calls it.
 */
class BenchmarksInFullRunTest {
    private static final Path ROOT = NostrTools.root();

    /** The benchmarks --smallest may leave out, each with the reason. */
    private static final Map<String, String> LEFT_OUT =
            Map.of("fuzz", "every ./caravel test already fuzzes the API, bounded (scripts/fuzz.sh)");

    @Test
    void smallestRunsEveryBenchmarkThatBenchRunNames() throws Exception {
        List<String> named = new ArrayList<>();
        Matcher label = Pattern.compile("(?m)^    ([a-z0-9-]+)\\)").matcher(runOne());
        while (label.find()) named.add(label.group(1));
        assertThat(named).as("the benchmarks bench/run's run_one names").contains("auth", "live", "backup");
        named.removeAll(LEFT_OUT.keySet());

        assertThat(lines(benchRun("--list", "--smallest")))
                .as("the benchmarks bench/run --smallest (./caravel test --full) runs")
                .containsAll(named);
    }

    @Test
    void everySizeHasASmallestSize() throws Exception {
        List<String> unsized = new ArrayList<>();
        for (String line : runOne().lines().toList())
            if (Pattern.compile("\\$\\{[A-Z0-9_]+:-[0-9]").matcher(line).find()) unsized.add(line.strip());
        assertThat(unsized)
                .as("benchmarks in bench/run whose size has no smallest (use: n=$(size VAR FULL SMALLEST))")
                .isEmpty();
    }

    @Test
    void theFullTestRunRunsThemAndTheDefaultRunFuzzes() throws Exception {
        String test = Files.readString(ROOT.resolve("scripts/test.sh"));
        assertThat(test)
                .as("scripts/test.sh")
                .contains("bench/run\" --smallest")
                .contains("scripts/fuzz.sh");
    }

    /** run_one in bench/run: the case that names each benchmark, one line each. */
    private static String runOne() throws Exception {
        String run = Files.readString(ROOT.resolve("bench/run"));
        Matcher m = Pattern.compile("(?ms)^run_one\\(\\) \\{\n(.*?)^}").matcher(run);
        assertThat(m.find()).as("run_one in bench/run").isTrue();
        return m.group(1);
    }

    private static String benchRun(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", "bench/run"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("bench/run %s: %s", String.join(" ", args), out)
                .isZero();
        return out;
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
