package caravel.moderation;

import caravel.relayaccess.Profiles;
import caravel.relayaccess.RelayCalls;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The bans standing on one relay as its team sees them: zooid's list, with what Caravel kept of each and who it is. */
public record BanList(RelayCalls calls, Profiles people, BanTerms terms) {

    /**
     * A ban on the relay: zooid's list, with what Caravel kept of it (null for a ban given outside Caravel, say from a
     * Nostr app): when and by whom, and when it lifts itself ({@code until}, null for a ban without end).
     */
    public record Ban(
            String pubkey,
            String npub,
            String reason,
            String name,
            String picture,
            Long bannedAt,
            String bannedBy,
            Long until) {}

    public List<Ban> list(Relay r) {
        JsonNode result = calls.call(r, "listbannedpubkeys", List.of(), "list its banned people");
        List<String> pks = new ArrayList<>();
        for (JsonNode b : result) pks.add(b.path("pubkey").asText());
        Map<String, Profiles.Profile> profiles = people.lookup(pks);
        Map<String, BanTermStore.Term> kept = terms.standing(r.id());
        List<Ban> out = new ArrayList<>();
        for (JsonNode b : result) {
            String pk = b.path("pubkey").asText();
            Profiles.Profile p = profiles.getOrDefault(pk, Profiles.Profile.NONE);
            BanTermStore.Term t = kept.get(pk);
            // Caravel's reason for a ban given through it (zooid keeps the first reason when a ban is given again);
            // zooid's for a ban given elsewhere (a Nostr app)
            String reason = t != null && !t.reason().isEmpty()
                    ? t.reason()
                    : b.path("reason").asText("");
            out.add(new Ban(
                    pk,
                    RelayContent.npubOrNull(pk),
                    reason,
                    p.name(),
                    p.picture(),
                    t == null ? null : t.bannedAt(),
                    t == null ? null : t.bannedBy(),
                    t == null ? null : t.untilAt()));
        }
        return out;
    }
}
