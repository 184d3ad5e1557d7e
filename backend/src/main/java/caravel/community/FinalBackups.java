package caravel.community;

import caravel.archive.Exporter;
import caravel.relays.FinalBackup;
import caravel.store.FileModes;
import caravel.store.Relay;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A deleted relay's final backup as the platform writes it today: every event the relay key can read, as the export
 * writes them (JSON lines), to {@code <dir>/<relay id>-<epoch second>.jsonl}, owner-only (the folder too). A file
 * half-written when the export fails is removed, so a file there is always a whole export.
 */
public final class FinalBackups implements FinalBackup {
    private final Exporter exporter;
    private final Path dir;
    private final Clock clock;

    public FinalBackups(Exporter exporter, Path dir, Clock clock) {
        this.exporter = exporter;
        this.dir = dir;
        this.clock = clock;
    }

    @Override
    public String take(Relay r, String reason) throws IOException {
        FileModes.createPrivateDirectories(dir);
        Path file = dir.resolve(r.id() + "-" + clock.millis() / 1000 + ".jsonl");
        Files.deleteIfExists(file); // a crashed attempt of this same second
        FileModes.createPrivateFile(file);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Exporter.Summary s = exporter.export(r, out, "system");
            return s.events() + " event" + (s.events() == 1 ? "" : "s") + " (" + reason + ") in " + file.getFileName();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }
}
