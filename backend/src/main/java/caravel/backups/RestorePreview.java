package caravel.backups;

import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.domain.Setting;
import caravel.json.Json;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayKeySockets;
import caravel.relayaccess.RelaySocket;
import caravel.relayparts.BackupSection;
import caravel.relayparts.RelayParts;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What restoring a backup into a relay would do, and why the relay's plan could not hold it ({@link RelayRestores}). */
final class RestorePreview {
    private static final int ID_BATCH = 500;

    private final BackupReading reading;
    private final RelayParts parts;
    private final Plans plans;
    private final RelayKeySockets sockets;
    private final RelayAccess access;
    private final BlossomMedia media;
    private final ErasedPeople.Source erasures;

    RestorePreview(
            BackupReading reading,
            RelayParts parts,
            Plans plans,
            RelayKeySockets sockets,
            RelayAccess access,
            BlossomMedia media,
            ErasedPeople.Source erasures) {
        this.reading = reading;
        this.parts = parts;
        this.plans = plans;
        this.sockets = sockets;
        this.access = access;
        this.media = media;
        this.erasures = erasures;
    }

    /**
     * The people erased from the backup's relay, whom restoring it leaves out (a new relay restored from it has no
     * erasures of its own: the backup's relay's are the ones that count).
     */
    ErasedPeople erased(RelayBackupStore.Backup b) {
        return new ErasedPeople(erasures.erasedOn(b.relayId()));
    }

    RelayRestores.Preview preview(Relay target, String backupId, String mode) throws IOException {
        boolean replace = replace(mode);
        RelayBackupStore.Backup b = reading.finished(target, backupId);
        Manifest m = reading.manifest(b);
        ErasedPeople erased = erased(b);
        Map<String, BackupSection.Change> parts = new LinkedHashMap<>();
        long itemsErased = 0;
        for (BackupSection s : this.parts.sections()) {
            Optional<JsonNode> whole = asWritten(b, m, s);
            if (whole.isEmpty()) continue;
            JsonNode kept = s.without(whole.get(), erased.keys());
            itemsErased += s.count(whole.get()) - s.count(kept);
            parts.put(s.countName(), s.preview(target, kept, replace));
        }
        long present = 0;
        long eventsErased = 0;
        try (RelaySocket socket = sockets.open(target);
                BufferedReader in = events(b)) {
            List<String> batch = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                if (erased.leavesOut(line)) {
                    eventsErased++;
                    continue;
                }
                batch.add(Json.parse(line).path("id").asText());
                if (batch.size() == ID_BATCH) {
                    present += held(socket, batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) present += held(socket, batch);
        }
        long blobsPresent = 0;
        RelayAccess.Target t = access.target(target);
        boolean media = target.settings().effective(Setting.BLOSSOM_ENABLED, plans.of(target.plan()));
        for (Manifest.Entry e : m.files())
            if (media
                    && e.path().startsWith(Manifest.MEDIA_DIR)
                    && this.media
                            .describe(t, e.path().substring(Manifest.MEDIA_DIR.length()))
                            .isPresent()) blobsPresent++;
        return new RelayRestores.Preview(
                b.id(),
                replace ? "replace" : "merge",
                m.count("events"),
                present,
                eventsErased,
                itemsErased,
                m.count("blobs"),
                blobsPresent,
                m.count("media_bytes"),
                parts,
                refusals(plans.of(target.plan()), target, b, m));
    }

    private static long held(RelaySocket socket, List<String> ids) {
        return socket
                .query(List.of(new Filter(ids, null, null, Map.of(), null, null, ids.size())), RelayKeySockets.TIMEOUT)
                .stream()
                .map(Event::id)
                .distinct()
                .count();
    }

    static boolean replace(String mode) {
        if ("replace".equals(mode)) return true;
        if (mode == null || "merge".equals(mode)) return false;
        throw Failure.invalidField("mode", "mode must be merge or replace");
    }

    /** Why the plan cannot hold the backup: more members than it allows, media it does not include. */
    List<String> refusals(Plan plan, Relay target, RelayBackupStore.Backup b, Manifest m) throws IOException {
        List<String> out = new ArrayList<>();
        String owner = target == null ? b.tenant() : target.tenant();
        String relayKey = target == null ? "" : access.relayPubkey(target);
        for (BackupSection s : parts.sections()) {
            Optional<JsonNode> saved = saved(b, m, s);
            if (saved.isPresent()) out.addAll(s.refusals(plan, owner, relayKey, saved.get()));
        }
        if (m.count("blobs") > 0 && !plan.blossom())
            out.add("The backup holds " + m.count("blobs") + " media files (" + m.count("media_bytes") + " bytes); the "
                    + plan.name() + " plan includes no media. Choose a plan with media.");
        return out;
    }

    /** The settings a new relay restored from the backup starts with, as each part's saved file says. */
    Map<Setting, Boolean> newRelaySettings(RelayBackupStore.Backup b, Manifest m) throws IOException {
        Map<Setting, Boolean> out = new EnumMap<>(Setting.class);
        for (BackupSection s : parts.sections()) saved(b, m, s).ifPresent(j -> out.putAll(s.newRelaySettings(j)));
        return out;
    }

    /** The step a restore starts at ({@link RestoreRun#steps}). */
    String firstStep() {
        return RestoreRun.steps(parts).get(0);
    }

    /**
     * The part's file as a restore applies it: without the items of the people erased from the backup's relay (the
     * one place every restore, preview and plan check reads a part's file through).
     */
    Optional<JsonNode> saved(RelayBackupStore.Backup b, Manifest m, BackupSection s) throws IOException {
        ErasedPeople erased = erased(b);
        return asWritten(b, m, s).map(j -> s.without(j, erased.keys()));
    }

    /** The part's file as the backup holds it. */
    private Optional<JsonNode> asWritten(RelayBackupStore.Backup b, Manifest m, BackupSection s) throws IOException {
        if (m.files().stream().noneMatch(e -> e.path().equals(s.file()))) return Optional.empty();
        try (InputStream in = reading.open(b, s.file())) {
            return Optional.of(Json.MAPPER.readTree(in));
        }
    }

    private BufferedReader events(RelayBackupStore.Backup b) throws IOException {
        return new BufferedReader(new InputStreamReader(reading.open(b, Manifest.EVENTS), StandardCharsets.UTF_8));
    }
}
