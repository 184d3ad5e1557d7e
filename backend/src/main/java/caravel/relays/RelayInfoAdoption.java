package caravel.relays;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Validation;
import caravel.json.Json;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.RelayManagement;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;

/**
 * Keeps name, description and icon changes that an owner makes on the relay itself (NIP-86 {@code changerelayname},
 * {@code changerelaydescription}, {@code changerelayicon} from any Nostr app). zooid writes those into its own copy of
 * the config, and Caravel's next sync sets info.* again, so it would silently undo them.
 *
 * <p>The rule, per field, comparing the relay's live NIP-11 value with what zooid last accepted from Caravel:
 * changed on the relay only → Caravel adopts it (activity "info_adopted"); changed in the dashboard too → the
 * dashboard's newer edit is sent and the replaced value is named in the activity log; a value Caravel's own rules
 * refuse (e.g. a name of 200 characters) is not adopted, and the activity says so. Nothing is reverted unseen.
 */
public record RelayInfoAdoption(
        Jdbi jdbi, Clock clock, RelayStore relayStore, ActivityLog activity, RelayManagement management) {

    private record Field(String label, String key, Function<Relay, String> current, UnaryOperator<String> validate) {}

    private static final List<Field> FIELDS = List.of(
            new Field("name", "name", Relay::name, Validation::name),
            new Field("description", "description", Relay::description, Validation::description),
            new Field("icon", "icon", Relay::icon, Validation::icon));

    /**
     * Reads the relay's live info and adopts what its owner changed there; returns the row to sync from now on.
     * A relay that is not served, or cannot be read right now, is left as it is.
     */
    public Relay adopt(Relay r) {
        if (!r.zooidCreated() || r.syncedConfig() == null) return r;
        JsonNode sent = sentInfo(r);
        if (sent == null) return r;
        Optional<RelayManagement.Info> live = management.info(r);
        if (live.isEmpty()) return r;
        String[] liveValues = {
            live.get().name(), live.get().description(), live.get().icon()
        };
        String[] adopted = {r.name(), r.description(), r.icon()};
        List<String> notes = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < FIELDS.size(); i++) {
            Field f = FIELDS.get(i);
            String onRelay = liveValues[i];
            String lastSent = sent.path(f.key()).asText("");
            if (onRelay.equals(lastSent)) continue; // nobody changed it on the relay
            String inCaravel = f.current().apply(r);
            if (!inCaravel.equals(lastSent)) {
                notes.add("The " + f.label() + " \"" + onRelay
                        + "\" set on the relay was replaced by the dashboard's edit \"" + inCaravel + "\"");
                continue;
            }
            try {
                adopted[i] = f.validate().apply(onRelay);
                changed = true;
                notes.add("The " + f.label() + " was changed on the relay from a Nostr app; Caravel now uses \""
                        + adopted[i] + "\"");
            } catch (Failure refused) {
                notes.add("The " + f.label() + " set on the relay was not kept: " + refused.getMessage());
            }
        }
        if (notes.isEmpty()) return r;
        long now = Epoch.seconds(clock);
        boolean write = changed;
        jdbi.useTransaction(h -> {
            if (write) relayStore.updateInfo(h, r.id(), adopted[0], adopted[1], adopted[2], now);
            for (String note : notes) activity.add(h, r.tenant(), r.id(), "info_adopted", note, Actor.RELAY, now);
        });
        return relayStore.find(r.id()).orElse(r);
    }

    private static JsonNode sentInfo(Relay r) {
        try {
            JsonNode info = Json.MAPPER.readTree(r.syncedConfig()).path("info");
            return info.isObject() ? info : null;
        } catch (IOException e) {
            return null;
        }
    }
}
