package caravel.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** caravel.Main run in its own process, as an operator runs the jar: nothing in its environment but {@code env}. */
public final class MainProcess {
    private MainProcess() {}

    /** What the process printed (stdout and stderr together) and its exit code. */
    public record Result(int code, String output) {}

    /** Runs caravel.Main with {@code args} and waits for it to end; PATH is the only other variable it sees. */
    public static Result run(Map<String, String> env, String... args) throws Exception {
        // a command that runs for a second or two: the quick start's options
        List<String> options = new ArrayList<>(BackendProcess.QUICK_START);
        options.addAll(List.of("-cp", System.getProperty("java.class.path")));
        Process p = BackendProcess.main(options, env, args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }
}
