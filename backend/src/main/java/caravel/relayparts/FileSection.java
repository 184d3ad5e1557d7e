package caravel.relayparts;

import caravel.domain.Plan;
import caravel.domain.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A backup section named once: its file is {@code <name>.json}, its count in the manifest is {@code <name>}, and the
 * file holds what it saves under the key {@code <name>}. It refuses no plan, gives a new relay no settings and names
 * no uploaders unless the section says otherwise.
 */
public abstract class FileSection implements BackupSection {
    private final String name;
    private final int order;

    /** @param order where a restore applies it among the others ({@link BackupSection#order}) */
    protected FileSection(String name, int order) {
        this.name = name;
        this.order = order;
    }

    /** The section's name: its file without {@code .json}, its count's name and the key its file holds. */
    protected final String name() {
        return name;
    }

    @Override
    public final String file() {
        return name + ".json";
    }

    @Override
    public final String countName() {
        return name;
    }

    @Override
    public final int order() {
        return order;
    }

    @Override
    public long count(JsonNode saved) {
        return saved.path(name).size();
    }

    @Override
    public List<String> refusals(Plan plan, String owner, String relayKey, JsonNode saved) {
        return List.of();
    }

    @Override
    public Map<Setting, Boolean> newRelaySettings(JsonNode saved) {
        return Map.of();
    }

    @Override
    public List<String> uploaders(JsonNode saved) {
        return List.of();
    }
}
