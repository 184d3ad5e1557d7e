package caravel.names;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.RelayStatus;
import caravel.domain.Validation;
import caravel.nostr.Event;
import caravel.nostr.Nip19;
import caravel.relayaccess.MemberCap;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.SystemEvents;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.Sql;
import caravel.zooid.RelayManagement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Members' NIP-05 names at their relay's hosts: {@code <name>@<relay host>} (and {@code @<custom domain>} while that is
 * served) resolves to the member's pubkey through {@code /.well-known/nostr.json} on the host. The owner gives names to
 * members, a member claims or changes their own; a name is unique on its relay, a member holds one per relay, and a
 * name goes when its holder stops being a member (left, removed, banned), so it never vouches for a stranger.
 *
 * <p>Who is a member comes from the relay's own member list as the membership watcher last heard it ({@link
 * RelayMemberStore}); a pubkey that list does not have is asked about live (NIP-86, or zooid's member listing), since
 * the list may lag a join by a moment or not be heard yet at all. Only a "yes" is ever taken from the mirror.
 */
public final class RelayNames {
    private static final Logger log = LoggerFactory.getLogger(RelayNames.class);
    private static final Pattern HEX64 = Pattern.compile("^[0-9a-f]{64}$");
    /** Memberships listed at most (a key in more communities than this is not a person). */
    static final int MEMBERSHIPS_MAX = 500;

    static final String OWNER = "owner", MEMBER = "member";
    /** Who may give names ({@link #give}): the relay's owner, or a team member by their role's wire name. */
    static final Set<String> GIVERS = Set.of(OWNER, "admin", "moderator");

    private final Jdbi jdbi;
    private final RelayStore relayStore;
    private final RelayAccess access;
    private final MemberCap caps;
    private final RelayManagement management;
    private final OutcomeLog outcomes;
    private final Clock clock;
    private final RelayNameStore names;
    private final RelayMemberStore members;
    private final RelayHosts hosts;

    public RelayNames(
            Jdbi jdbi,
            RelayStore relayStore,
            RelayAccess access,
            MemberCap caps,
            RelayManagement management,
            OutcomeLog outcomes,
            Clock clock,
            RelayHosts hosts) {
        this.jdbi = jdbi;
        this.relayStore = relayStore;
        this.access = access;
        this.caps = caps;
        this.management = management;
        this.outcomes = outcomes;
        this.clock = clock;
        this.names = new RelayNameStore(jdbi);
        this.members = new RelayMemberStore(jdbi);
        this.hosts = hosts;
    }

    public record NameView(
            String name,
            String pubkey,
            String npub,
            String assignedBy,
            List<String> addresses,
            long createdAt,
            long updatedAt) {}

    public record NamesView(List<NameView> items, boolean enabled) {}

    public record MembershipView(
            String relayId,
            String name,
            String icon,
            String url,
            String host,
            boolean namesEnabled,
            String nip05Name,
            String nip05) {}

    /** Whether the relay's plan gives names (a plan without them serves none). */
    public boolean enabled(Relay r) {
        return caps.plan(r).names();
    }

    // ------------------------------------------------------------------------------------------------ the owner

    /** The relay's names; none while its plan gives no names (they are kept, and served again after an upgrade). */
    public NamesView list(Relay r) {
        if (!enabled(r)) return new NamesView(List.of(), false);
        List<String> at = hostsOf(r);
        return new NamesView(
                names.byRelay(r.id()).stream().map(n -> view(n, at)).toList(), true);
    }

    /** The relay's names by holder, for the member listing (one query however many members). */
    public Map<String, String> namesByHolder(Relay r) {
        return enabled(r) ? names.namesByHolder(r.id()) : Map.of();
    }

    /**
     * The owner (or a platform administrator, acting as the owner) or a team member gives {@code rawName} to a member:
     * a name they held before on the relay is given up, a name someone else holds is refused (take it back first).
     * The reserved names ({@code _}, the relay's own, and the staff's role names: {@link
     * Validation#ownersNip05Name}) are the owner's alone to give: a team admin or moderator is refused as forbidden, {@code
     * role_forbidden}. The name records who gave it ({@code assigned_by}: {@code giverRole}).
     *
     * @param giverRole the giver's role on the relay: "owner", "admin" or "moderator"
     */
    public NameView give(Relay r, String rawName, String pubkey, Actor actor, String giverRole) {
        if (!GIVERS.contains(giverRole)) throw new IllegalArgumentException("no role gives names: " + giverRole);
        String name = Validation.nip05Name(rawName, true);
        if (!giverRole.equals(OWNER) && Validation.ownersNip05Name(name))
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    "role_forbidden",
                    "name",
                    "'" + name + "' is reserved (the relay's own name, or one its members would take for its staff):"
                            + " only the relay's owner gives it");
        requireEnabled(r);
        if (!served(r)) throw notOnline();
        if (!isMember(r, pubkey))
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    "not_a_member",
                    "pubkey",
                    "that person is not a member of this relay: only members get names");
        RelayNameStore.Row row = put(r, name, pubkey, giverRole);
        outcomes.record(r, "name_given", "Name " + name + " given to " + Nip19.shortNpub(pubkey), actor);
        return view(row, hostsOf(r));
    }

    /** The owner (or an administrator) takes a name back, whoever holds it. */
    public void takeBack(Relay r, String rawName, Actor actor) {
        String name = rawName == null ? "" : rawName.toLowerCase(Locale.ROOT);
        RelayNameStore.Row gone = jdbi.inTransaction(h -> names.removeName(h, r.id(), name))
                .orElseThrow(() -> Failure.notFound("no one holds that name on this relay"));
        outcomes.record(
                r,
                "name_taken_back",
                "Name " + gone.name() + " taken back from " + Nip19.shortNpub(gone.pubkey()),
                actor);
    }

    // ------------------------------------------------------------------------------------------------ members

    /** The relays Caravel heard list the pubkey as a member, with the name it holds on each. */
    public List<MembershipView> memberships(String pubkey) {
        List<Relay> relays = new ArrayList<>();
        for (String id : members.relaysOf(pubkey, MEMBERSHIPS_MAX))
            relayStore.find(id).filter(RelayNames::served).ifPresent(relays::add);
        Map<String, String> held =
                names.heldBy(pubkey, relays.stream().map(Relay::id).toList());
        return relays.stream().map(r -> membership(r, held.get(r.id()))).toList();
    }

    /** A member claims or changes their own name on a relay they are a member of now. */
    public MembershipView claim(String relayId, String pubkey, String rawName) {
        Relay r = memberRelay(relayId);
        String name = Validation.nip05Name(rawName, pubkey.equals(r.tenant()));
        boolean listed = pubkey.equals(r.tenant()) || members.isMember(r.id(), pubkey);
        // membership cannot be asked of a relay that is not online: only someone the mirror lists hears why
        if (!served(r)) throw listed ? notOnline() : notMember();
        if (!listed && !isMember(r, pubkey)) throw notMember();
        requireEnabled(r);
        put(r, name, pubkey, pubkey.equals(r.tenant()) ? OWNER : MEMBER);
        outcomes.record(r, "name_claimed", Nip19.shortNpub(pubkey) + " took the name " + name, Actor.person(pubkey));
        return membership(r, enabled(r) ? name : null);
    }

    /** A member gives up their own name on a relay (allowed whether or not they are still a member). */
    public void giveUp(String relayId, String pubkey) {
        Relay r = memberRelay(relayId);
        RelayNameStore.Row gone = jdbi.inTransaction(h -> names.release(h, r.id(), pubkey))
                .orElseThrow(() -> Failure.notFound("you hold no name on this relay"));
        outcomes.record(
                r, "name_given_up", Nip19.shortNpub(pubkey) + " gave up the name " + gone.name(), Actor.person(pubkey));
    }

    // ------------------------------------------------------------------------------------------------ membership ends

    /**
     * The relay's new member list (kind 13534, signed by the relay key): the mirror becomes it, and names whose holder
     * it no longer has are released (left, removed, banned). A list older than the one applied is ignored. The owner
     * keeps their names whatever a list says: the owner is always a member of their relay.
     */
    public void memberList(String relayId, Event e) {
        Relay r = relayStore.find(relayId).orElse(null);
        if (r == null || e.kind() != SystemEvents.MEMBER_LIST) return;
        String relayKey = access.relayPubkey(r);
        if (!e.pubkey().equals(relayKey)) return; // only the relay speaks for its members
        Set<String> listed = new HashSet<>();
        for (List<String> t : e.tags())
            if (t.size() >= 2
                    && t.get(0).equals("member")
                    && HEX64.matcher(t.get(1)).matches()) listed.add(t.get(1));
        listed.remove(relayKey);
        List<RelayNameStore.Row> released = jdbi.inTransaction(h -> {
            Optional<Long> at = members.listedAt(h, relayId);
            if (at.isPresent() && at.get() > e.createdAt()) return List.<RelayNameStore.Row>of();
            members.replace(h, relayId, listed, e.createdAt());
            List<RelayNameStore.Row> out = new ArrayList<>();
            for (RelayNameStore.Row n : names.byRelay(h, relayId)) {
                if (listed.contains(n.pubkey()) || n.pubkey().equals(r.tenant())) continue;
                names.release(h, relayId, n.pubkey());
                out.add(n);
                outcomes.record(
                        h,
                        r,
                        "name_released",
                        "Name " + n.name() + " released: " + Nip19.shortNpub(n.pubkey()) + " is no longer a member",
                        Actor.person(relayKey),
                        Epoch.seconds(clock));
            }
            return out;
        });
        if (!released.isEmpty())
            log.info("relay {}: {} name(s) released, their holders left the member list", relayId, released.size());
    }

    /**
     * Caravel removed or banned the pubkey on the relay: its name goes at once (the relay's next member list would say
     * the same a moment later), and so does its row in the mirror.
     */
    public void membershipEnded(Relay r, String pubkey, Actor actor) {
        jdbi.useTransaction(h -> membershipEnded(h, r, pubkey, actor));
    }

    /** {@link #membershipEnded(Relay, String, Actor)} in the caller's transaction. */
    public void membershipEnded(Handle h, Relay r, String pubkey, Actor actor) {
        members.remove(h, r.id(), pubkey);
        names.release(h, r.id(), pubkey)
                .ifPresent(n -> outcomes.record(
                        h,
                        r,
                        "name_released",
                        "Name " + n.name() + " released: " + Nip19.shortNpub(pubkey) + " is no longer a member",
                        actor,
                        Epoch.seconds(clock)));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Whether the pubkey is a member of the relay now: the owner always is; the mirror's "yes" is taken, anything else
     * is asked of the relay (the mirror may lag a join, or not have heard the relay at all).
     */
    boolean isMember(Relay r, String pubkey) {
        if (pubkey.equals(r.tenant())) return true;
        if (members.isMember(r.id(), pubkey)) return true;
        return management.listMembers(r).stream()
                .map(RelayManagement.Member::pubkey)
                .anyMatch(pubkey::equals);
    }

    private RelayNameStore.Row put(Relay r, String name, String pubkey, String by) {
        try {
            return jdbi.inTransaction(h -> {
                Optional<RelayNameStore.Row> holder = names.byName(h, r.id(), name);
                if (holder.isPresent() && !holder.get().pubkey().equals(pubkey)) throw taken(name);
                names.put(h, r.id(), name, pubkey, by, Epoch.seconds(clock));
                return names.byName(h, r.id(), name).orElseThrow();
            });
        } catch (UnableToExecuteStatementException e) {
            // a claim of the same name committed between the check and the insert
            if (Sql.isUniqueViolation(e)) throw taken(name);
            throw e;
        }
    }

    private static Failure taken(String name) {
        return new Failure(
                Failure.Kind.CONFLICT,
                "name_taken",
                "name",
                "the name " + name + " is taken on this relay: pick another");
    }

    private void requireEnabled(Relay r) {
        if (!enabled(r))
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    "not_in_plan",
                    "name",
                    "Names are not included in the " + caps.plan(r).name()
                            + " plan: move the relay to a plan with them to give names.");
    }

    private static Failure notOnline() {
        return Failure.conflict(
                "The relay is not online right now (it is inactive, or its settings are still being applied): names"
                        + " are given while it is served.");
    }

    private static Failure notMember() {
        return Failure.notFound("you are not a member of this relay");
    }

    /** A relay a member's route is about: one Caravel serves; another id is not found, like a relay one is not in. */
    private Relay memberRelay(String relayId) {
        return relayStore.find(relayId).filter(Relay::zooidCreated).orElseThrow(RelayNames::notMember);
    }

    static boolean served(Relay r) {
        return r.zooidCreated() && r.status() == RelayStatus.ACTIVE;
    }

    /** The hosts the relay's names are shown at: its canonical host, and its custom domain while that is in use. */
    private List<String> hostsOf(Relay r) {
        List<String> out = new ArrayList<>();
        out.add(access.address(r).host());
        hosts.customDomainInUse(r).ifPresent(out::add);
        return out;
    }

    private MembershipView membership(Relay r, String name) {
        boolean enabled = enabled(r);
        String host = hosts.customDomainInUse(r).orElse(access.address(r).host());
        String held = enabled ? name : null;
        return new MembershipView(
                r.id(),
                r.name(),
                r.icon() == null ? "" : r.icon(),
                hosts.publicUrl(r),
                host,
                enabled,
                held,
                held == null ? null : Nip05Address.of(held, host).orElse(null));
    }

    private static NameView view(RelayNameStore.Row n, List<String> at) {
        return new NameView(
                n.name(),
                n.pubkey(),
                Nip19.npub(n.pubkey()),
                n.assignedBy(),
                at.stream().flatMap(h -> Nip05Address.of(n.name(), h).stream()).toList(),
                n.createdAt(),
                n.updatedAt());
    }
}
