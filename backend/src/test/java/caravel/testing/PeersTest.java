package caravel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A peer that cannot start says why and what installs the missing piece, before any process is spawned. */
class PeersTest {
    @TempDir
    Path dir;

    private Path nodeOnPath() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path node = Files.createFile(bin.resolve("node"));
        assertThat(node.toFile().setExecutable(true)).isTrue();
        return bin;
    }

    @Test
    void aCheckoutWithoutTheStacksPackagesNamesThemAndTheInstallCommand() throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("checkout/stack"));
        String path = nodeOnPath().toString();
        assertThat(Peers.problem("the zooid emulator", null, path, checkout.getParent()))
                .hasValueSatisfying(p -> assertThat(p)
                        .contains("the zooid emulator", "stack/node_modules is missing", "cd stack && npm ci"));
        Files.createDirectories(checkout.resolve("node_modules"));
        assertThat(Peers.problem("the zooid emulator", null, path, checkout.getParent()))
                .isEmpty();
    }

    @Test
    void noNodeOnThePathIsNamed() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(Peers.problem("the Stripe emulator", null, empty.toString(), dir))
                .hasValueSatisfying(p -> assertThat(p).contains("needs node", "Node.js"));
    }

    @Test
    void theFastRunRefusesEveryPeerAndAsksForTheTag() throws Exception {
        Files.createDirectories(dir.resolve("stack/node_modules"));
        assertThat(Peers.problem("the local stack", Peers.NONE, nodeOnPath().toString(), dir))
                .hasValueSatisfying(p -> assertThat(p).contains("@Tag(\"peer\")", "--fast"));
    }
}
