package caravel.team;

import caravel.bans.BanRule;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.RelayAction;
import caravel.domain.RelayRole;
import caravel.nostr.Nip19;
import caravel.relays.Relays;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.time.Clock;
import java.util.List;

/**
 * A relay's team: the people its owner lets help run it, as admins or moderators (see {@link RelayRole}). Who may
 * change the team: the owner (and a platform administrator) anyone's role; an admin only moderators (adding, changing
 * or removing an admin, or making someone one, is the owner's alone, so an admin can neither make more admins nor
 * remove another); a moderator nobody. Anyone may leave a team they are on. The owner is never a team member. Every
 * change is one transaction with its activity entry (naming who made it) and the relay's sync (zooid's config names
 * the admins: {@code TeamKeys}); the person added is told by DM.
 */
public final class Team {
    /** The most people one relay's team holds. */
    public static final int MAX_MEMBERS = 50;

    private final TeamStore store;
    private final ActivityLog activity;
    private final Relays relays;
    private final Robot robot;
    private final BanRule bans;
    private final Clock clock;
    private final TeamChanges changes;

    /** @param changes told after each committed change of a relay's team */
    public Team(
            TeamStore store,
            ActivityLog activity,
            Relays relays,
            Robot robot,
            BanRule bans,
            Clock clock,
            TeamChanges changes) {
        this.store = store;
        this.changes = changes;
        this.activity = activity;
        this.relays = relays;
        this.robot = robot;
        this.bans = bans;
        this.clock = clock;
    }

    /** The team's table, for a transfer (which takes the new owner off the team in its own transaction). */
    TeamStore store() {
        return store;
    }

    /** Tells whoever keeps the team's keys that {@code relayId}'s team or owner changed (after the commit). */
    void changed(String relayId) {
        changes.changed(relayId);
    }

    public List<TeamStore.Member> list(Relay r) {
        return store.list(r.id());
    }

    /** The relays a key helps run, with its role on each. */
    public List<TeamStore.Member> relaysOf(String pubkey) {
        return store.relaysOf(pubkey);
    }

    /** Adds {@code pubkey} with {@code roleWire}; {@code caller} is the role of {@code actor} on the relay. */
    public TeamStore.Member add(Relay r, RelayRole caller, Actor actor, String pubkey, String roleWire) {
        RelayRole role = role(roleWire);
        requireTeamRight(caller, RelayAction.TEAM);
        if (pubkey.equals(r.tenant()))
            throw new Failure(
                    Failure.Kind.INVALID,
                    "owner_not_team",
                    "pubkey",
                    "this key owns the relay: the owner is not a team member");
        if (role == RelayRole.ADMIN && caller != RelayRole.OWNER) throw adminsByOwner();
        // zooid adds and unbans every key its config's roles name: a banned key never joins the team
        if (bans.ban(r, pubkey).isPresent())
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    BanRule.BANNED,
                    "pubkey",
                    "this key is banned from the relay: lift the ban before adding it to the team");
        long now = Epoch.seconds(clock);
        TeamStore.Member added = store.jdbi().inTransaction(h -> {
            if (store.count(h, r.id()) >= MAX_MEMBERS)
                throw new Failure(
                        Failure.Kind.FORBIDDEN,
                        "team_full",
                        null,
                        "a relay's team holds at most " + MAX_MEMBERS + " people: remove someone first");
            if (!store.add(h, r.id(), pubkey, role, actor, now))
                throw new Failure(
                        Failure.Kind.CONFLICT,
                        "already_on_team",
                        "pubkey",
                        "this key is on the team already: change its role instead");
            activity.add(
                    h,
                    r.tenant(),
                    r.id(),
                    "team_added",
                    "Added " + Nip19.shortNpub(pubkey) + " to the team as " + role.wire(),
                    actor,
                    now);
            relays.enqueueSync(h, r.id());
            robot.sendDm(
                    h,
                    pubkey,
                    "You were added as " + role.wire() + " of the relay " + r.name() + " (" + r.subdomain()
                            + "). Sign in to Caravel with this key to help run it.",
                    r.tenant(),
                    r.id());
            return new TeamStore.Member(r.id(), pubkey, role, actor.key(), now);
        });
        changes.changed(r.id());
        return added;
    }

    /** Gives a member another role (refused as a conflict when someone changed or removed them meanwhile). */
    public TeamStore.Member change(Relay r, RelayRole caller, Actor actor, String pubkey, String roleWire) {
        RelayRole to = role(roleWire);
        requireTeamRight(caller, RelayAction.TEAM);
        long now = Epoch.seconds(clock);
        TeamStore.Member changed = store.jdbi().inTransaction(h -> {
            RelayRole from = store.roleOf(h, r.id(), pubkey).orElseThrow(Team::notOnTeam);
            if ((from == RelayRole.ADMIN || to == RelayRole.ADMIN) && caller != RelayRole.OWNER) throw adminsByOwner();
            if (from == to) return current(h, r, pubkey);
            if (!store.changeRole(h, r.id(), pubkey, from, to)) throw changedMeanwhile();
            activity.add(
                    h,
                    r.tenant(),
                    r.id(),
                    "team_changed",
                    "Changed " + Nip19.shortNpub(pubkey) + " from " + from.wire() + " to " + to.wire(),
                    actor,
                    now);
            relays.enqueueSync(h, r.id());
            return current(h, r, pubkey);
        });
        changes.changed(r.id());
        return changed;
    }

    /**
     * Takes a member off the team (at once: their next request is refused). A member may remove themselves; the owner
     * cannot be removed (they are no team member: a transfer gives the relay away).
     */
    public void remove(Relay r, RelayRole caller, Actor actor, String pubkey) {
        if (pubkey.equals(r.tenant()))
            throw new Failure(
                    Failure.Kind.INVALID,
                    "owner_not_team",
                    "pubkey",
                    "the owner cannot be removed from their relay: transfer it to give it away");
        boolean leaving = pubkey.equals(actor.key());
        if (!leaving) requireTeamRight(caller, RelayAction.TEAM);
        long now = Epoch.seconds(clock);
        store.jdbi().useTransaction(h -> {
            RelayRole role = store.roleOf(h, r.id(), pubkey).orElseThrow(Team::notOnTeam);
            if (!leaving && role == RelayRole.ADMIN && caller != RelayRole.OWNER) throw adminsByOwner();
            if (!store.remove(h, r.id(), pubkey, role)) throw changedMeanwhile();
            activity.add(
                    h,
                    r.tenant(),
                    r.id(),
                    leaving ? "team_left" : "team_removed",
                    leaving
                            ? Nip19.shortNpub(pubkey) + " left the team (" + role.wire() + ")"
                            : "Removed " + Nip19.shortNpub(pubkey) + " (" + role.wire() + ") from the team",
                    actor,
                    now);
            relays.enqueueSync(h, r.id());
        });
        changes.changed(r.id());
    }

    private TeamStore.Member current(org.jdbi.v3.core.Handle h, Relay r, String pubkey) {
        return store.list(h, r.id()).stream()
                .filter(m -> m.pubkey().equals(pubkey))
                .findFirst()
                .orElseThrow(Team::changedMeanwhile);
    }

    private static void requireTeamRight(RelayRole caller, RelayAction action) {
        if (!caller.may(action)) throw caller.refusal(action);
    }

    private static RelayRole role(String wire) {
        return RelayRole.team(wire)
                .orElseThrow(() ->
                        new Failure(Failure.Kind.INVALID, "unknown_role", "role", "role must be admin or moderator"));
    }

    private static Failure adminsByOwner() {
        return new Failure(
                Failure.Kind.FORBIDDEN,
                RelayRole.FORBIDDEN,
                "role",
                "your role on this relay is admin: only the relay's owner adds, changes or removes admins (an admin"
                        + " manages moderators)");
    }

    private static Failure notOnTeam() {
        return new Failure(Failure.Kind.NOT_FOUND, "not_on_team", "pubkey", "this key is not on the relay's team");
    }

    private static Failure changedMeanwhile() {
        return new Failure(
                Failure.Kind.CONFLICT,
                "team_changed_meanwhile",
                "pubkey",
                "someone changed this team member at the same moment: reload the team and try again");
    }
}
