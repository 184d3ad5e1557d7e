package caravel.team;

import caravel.auth.Principal;
import caravel.auth.TokenGrant;
import caravel.domain.Failure;
import caravel.domain.RelayAction;
import caravel.domain.RelayRole;
import caravel.domain.TokenScope;
import caravel.relays.RelayTransitions;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.util.Optional;

/**
 * Who may do what on a relay, asked by every relay route with the action it performs: the relay's owner (its tenant)
 * may do everything, as may a platform administrator; a team member what {@link RelayRole#may} allows their role; a
 * request made with an API token may besides only what its scopes allow, on its one relay if it names one ({@link
 * #requireToken}); a stranger gets the not-found refusal every relay route gave before teams ("relay not found", so ids of others do not leak), and a
 * team member whose role lacks the action a refusal as forbidden, {@value RelayRole#FORBIDDEN}, naming both. The role is read from the
 * database on every call (no session holds it): a member removed is refused on their next request.
 *
 * <p>A deleted relay (in its undo window) is read, not changed: every change asked of it is refused as a conflict, {@code
 * relay_deleted} ({@link RelayTransitions#relayDeleted}), whoever asks, but the few a route declares as working on a
 * deleted relay ({@link Use#CHANGE_WHILE_DELETED}: the undo, a restore of one of its backups into a new relay). So a
 * route added later is refused by default, and no feature's own path has to remember the rule.
 */
public final class RelayAccessCheck {
    /** The relay, and the caller's role on it (a platform administrator acts as its owner). */
    public record Access(Relay relay, RelayRole role) {}

    /** What the request does with the relay, as far as its deletion is concerned. */
    public enum Use {
        /** Reads it (its view, lists, a backup's download): allowed on a deleted relay. */
        READ,
        /** Changes the relay or anything of it: refused while it is deleted. */
        CHANGE,
        /** One of the changes that work on a deleted relay (its undo, a restore of its backup into a new relay). */
        CHANGE_WHILE_DELETED
    }

    private final RelayStore relays;
    private final TeamStore team;

    public RelayAccessCheck(RelayStore relays, TeamStore team) {
        this.relays = relays;
        this.team = team;
    }

    /**
     * The relay with {@code relayId} if the caller may {@code action} it; not found or forbidden otherwise, and a conflict, {@code
     * relay_deleted} for a change of a deleted relay (after the role's check, so a stranger still learns nothing).
     */
    public Access require(Principal p, String relayId, RelayAction action, Use use) {
        Relay r = relays.find(relayId).orElseThrow(RelayAccessCheck::notFound);
        RelayRole role = require(p, r.id(), r.tenant(), action, use != Use.READ);
        if (use == Use.CHANGE) refuseIfDeleted(r);
        return new Access(r, role);
    }

    /** The relay with this id, whoever asks (for a refusal already decided: nothing is granted by it). */
    public Optional<Relay> relay(String relayId) {
        return relays.find(relayId);
    }

    /**
     * Refuses any change of a deleted relay (in its undo window, or purged): a conflict, {@code relay_deleted}. For services
     * that change a relay on a path that is no route on it (a transfer's acceptance by its receiver).
     */
    public static void refuseIfDeleted(Relay r) {
        if (r.deleted()) throw RelayTransitions.relayDeleted();
    }

    /**
     * The caller's role on a relay whose owner is already known (GET /relays/:id reads it with the view's stamp), if
     * it may {@code action} it; not found or forbidden otherwise.
     */
    public RelayRole require(Principal p, String relayId, String tenant, RelayAction action) {
        return require(p, relayId, tenant, action, false);
    }

    private RelayRole require(Principal p, String relayId, String tenant, RelayAction action, boolean change) {
        RelayRole role = roleOn(p, relayId, tenant).orElseThrow(RelayAccessCheck::notFound);
        if (!role.may(action)) throw role.refusal(action);
        requireToken(p, relayId, action, change);
        return role;
    }

    /**
     * A request made with an API token: the token's own bounds on top of its creator's role (asked before this): its
     * one relay if it is limited to one, and its scopes ({@link TokenScope#permit}). Forbidden {@value
     * TokenScope#FORBIDDEN} otherwise. Nothing for a session or a signature.
     */
    public static void requireToken(Principal p, String relayId, RelayAction action, boolean change) {
        TokenGrant t = p.token();
        if (t == null) return;
        if (t.relayId() != null && !t.relayId().equals(relayId))
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    TokenScope.FORBIDDEN,
                    null,
                    "this API token is limited to another relay (create a token for this one)");
        if (!TokenScope.permit(t.scopes(), action, change)) throw TokenScope.refusal(action, change);
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
