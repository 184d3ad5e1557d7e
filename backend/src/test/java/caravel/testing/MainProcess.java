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
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(BackendProcess.QUICK_START); // a command that runs for a second or two
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "caravel.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }
}
