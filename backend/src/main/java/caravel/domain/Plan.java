package caravel.domain;

import java.util.Arrays;
import java.util.Optional;

/** The three plans Caravel sells (README, "Plans"). maxMembers null = unlimited. */
public enum Plan {
    FREE("free", "Free", 0, 10, false, false),
    BASIC("basic", "Basic", 10_000, 100, true, true),
    GROWTH("growth", "Growth", 50_000, null, true, true);

    public final String id;
    public final String displayName;
    public final long priceSats;
    public final Integer maxMembers;
    public final boolean blossom;
    public final boolean livekit;

    Plan(String id, String displayName, long priceSats, Integer maxMembers, boolean blossom, boolean livekit) {
        this.id = id;
        this.displayName = displayName;
        this.priceSats = priceSats;
        this.maxMembers = maxMembers;
        this.blossom = blossom;
        this.livekit = livekit;
    }

    public boolean paid() {
        return priceSats > 0;
    }

    public static Optional<Plan> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }
}
