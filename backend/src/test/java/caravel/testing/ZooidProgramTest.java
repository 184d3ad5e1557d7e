package caravel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness runs the emulator unless ZOOID_BIN names a real zooid, and says so when that name leads nowhere. */
class ZooidProgramTest {
    @TempDir
    Path dir;

    @Test
    void unsetOrBlankMeansTheEmulator() {
        for (String v : new String[] {null, "", "  "}) {
            ZooidProgram p = ZooidProgram.choose(v);
            assertThat(p.real()).isFalse();
            assertThat(p.script()).endsWith(Path.of("stack", "zooid-emulator", "server.mjs"));
            assertThat(p.script()).exists();
            assertThat(p.describe()).isEqualTo("the zooid emulator");
        }
    }

    @Test
    void aMissingFileIsAClearError() {
        String missing = dir.resolve("no-zooid-here").toString();
        assertThatThrownBy(() -> ZooidProgram.choose(missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "ZOOID_BIN=" + missing + ": no such file (unset ZOOID_BIN to test against the zooid emulator)");
    }

    @Test
    void aDirectoryOrAFileThatCannotRunIsRefused() throws Exception {
        assertThatThrownBy(() -> ZooidProgram.choose(dir.toString())).hasMessageContaining(": not a file");
        Path plain = Files.writeString(dir.resolve("zooid"), "not a program");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ZooidProgram.choose(plain.toString())).hasMessageContaining(": not executable");
    }

    @Test
    void anExecutableIsRunThroughTheBinaryRunner() throws Exception {
        Path bin = Files.writeString(dir.resolve("zooid"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        ZooidProgram p = ZooidProgram.choose(bin.toString());
        assertThat(p.real()).isTrue();
        assertThat(p.binary()).contains(bin.toAbsolutePath());
        assertThat(p.script()).endsWith(Path.of("stack", "zooid-binary", "server.mjs"));
        assertThat(p.script()).exists();
        assertThat(p.describe()).isEqualTo("real zooid " + bin.toAbsolutePath());
    }
}
