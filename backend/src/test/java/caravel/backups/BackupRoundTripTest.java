package caravel.backups;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** {@link BackupRoundTrip} with the backups in the platform's own folder (RELAY_BACKUP_DIR). */
class BackupRoundTripTest extends BackupRoundTrip {
    private Path folder;

    @Override
    Map<String, String> storageSettings(Path dir) {
        folder = dir.resolve("relay-backups");
        return Map.of("RELAY_BACKUP_DIR", folder.toString());
    }

    @Override
    String kind() {
        return "local";
    }

    @Override
    Set<String> stored(String relayId) throws Exception {
        Path relay = folder.resolve(relayId);
        Set<String> out = new HashSet<>();
        if (!Files.exists(relay)) return out;
        try (Stream<Path> all = Files.walk(relay)) {
            all.filter(Files::isRegularFile)
                    .forEach(f -> out.add(relay.relativize(f).toString().replace('\\', '/')));
        }
        return out;
    }

    /** The folder is the only place: the checks of {@link #stored} see every file, a half-written one too. */
    @Override
    void nothingWrittenElsewhere(Path dir) {}
}
