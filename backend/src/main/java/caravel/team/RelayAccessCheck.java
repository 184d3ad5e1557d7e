package caravel.team;

import caravel.auth.Principal;
import caravel.domain.Failure;
import caravel.domain.RelayAction;
import caravel.domain.RelayRole;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.util.Optional;

/**
 * Who may do what on a relay, asked by every relay route with the action it performs: the relay's owner (its tenant)
 * may do everything, as may a platform administrator; a team member what {@link RelayRole#may} allows their role; a
 * stranger gets the 404 every relay route gave before teams ("relay not found", so ids of others do not leak), and a
 * team member whose role lacks the action a 403 {@value RelayRole#FORBIDDEN} naming both. The role is read from the
 * database on every call (no session holds it): a member removed is refused on their next request.
 */
public final class RelayAccessCheck {
    /** The relay, and the caller's role on it (a platform administrator acts as its owner). */
    public record Access(Relay relay, RelayRole role) {}

    private final RelayStore relays;
    private final TeamStore team;

    public RelayAccessCheck(RelayStore relays, TeamStore team) {
        this.relays = relays;
        this.team = team;
    }

    /** The relay with {@code relayId} if the caller may {@code action} it; 404 or 403 otherwise. */
    public Access require(Principal p, String relayId, RelayAction action) {
        Relay r = relays.find(relayId).orElseThrow(RelayAccessCheck::notFound);
        return new Access(r, require(p, r.id(), r.tenant(), action));
    }

    /**
     * The caller's role on a relay whose owner is already known (GET /relays/:id reads it with the view's stamp), if
     * it may {@code action} it; 404 or 403 otherwise.
     */
    public RelayRole require(Principal p, String relayId, String tenant, RelayAction action) {
        RelayRole role = roleOn(p, relayId, tenant).orElseThrow(RelayAccessCheck::notFound);
        if (!role.may(action)) throw role.refusal(action);
        return role;
    }

    /** The caller's role on the relay, empty for a stranger (one read for a team member, none for the owner). */
    public Optional<RelayRole> roleOn(Principal p, String relayId, String tenant) {
        if (p.admin() || p.pubkey().equals(tenant)) return Optional.of(RelayRole.OWNER);
        return team.roleOf(relayId, p.pubkey());
    }

    /** The relays {@code pubkey} helps run with a role that may {@code action} them (not those it owns). */
    public java.util.List<String> helpsWith(String pubkey, RelayAction action) {
        return team.relaysOf(pubkey).stream()
                .filter(m -> m.role().may(action))
                .map(TeamStore.Member::relayId)
                .toList();
    }

    public static Failure notFound() {
        return Failure.notFound("relay not found");
    }
}
