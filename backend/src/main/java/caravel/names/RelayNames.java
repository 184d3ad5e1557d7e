package caravel.names;

import caravel.config.ZooidNodes;
import caravel.domain.Failure;
import caravel.domain.RelayStatus;
import caravel.domain.Validation;
import caravel.nostr.Event;
import caravel.nostr.Nip19;
import caravel.relayaccess.Deps;
import caravel.relayaccess.SystemEvents;
import caravel.store.Relay;
import caravel.store.Sql;
import caravel.zooid.RelayAddress;
import caravel.zooid.RelayManagement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
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
    /** A relay's subdomain (domain.Validation's rule): one label, so a nested name never matches. */
    private static final Pattern LABEL = Pattern.compile("^[a-z][a-z0-9-]{1,61}[a-z0-9]$");

    private static final Pattern HEX64 = Pattern.compile("^[0-9a-f]{64}$");
    /** Memberships listed at most (a key in more communities than this is not a person). */
    static final int MEMBERSHIPS_MAX = 500;

    static final String OWNER = "owner", MEMBER = "member";
    /** Who may give names ({@link #give}): the relay's owner, or a team member by their role's wire name. */
    static final Set<String> GIVERS = Set.of(OWNER, "admin", "moderator");

    private final Deps d;
    private final RelayNameStore names;
    private final RelayMemberStore members;
    private final ZooidNodes nodes;
    private final RelayHosts hosts;

    public RelayNames(Deps d, ZooidNodes nodes, RelayHosts hosts) {
        this.d = d;
        this.names = new RelayNameStore(d.jdbi());
        this.members = new RelayMemberStore(d.jdbi());
        this.nodes = nodes;
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

    /** NIP-05's document: the names asked for, and the relay each one's holder is found on. */
    public record Nip05(Map<String, String> names, Map<String, List<String>> relays) {}

    /** Whether the relay's plan gives names (a plan without them serves none). */
    public boolean enabled(Relay r) {
        return d.caps().plan(r).names();
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
    public NameView give(Relay r, String rawName, String pubkey, String actor, String giverRole) {
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
        d.log(r, "name_given", "Name " + name + " given to " + Nip19.shortNpub(pubkey), actor);
        return view(row, hostsOf(r));
    }

    /** The owner (or an administrator) takes a name back, whoever holds it. */
    public void takeBack(Relay r, String rawName, String actor) {
        String name = rawName == null ? "" : rawName.toLowerCase(Locale.ROOT);
        RelayNameStore.Row gone = d.jdbi()
                .inTransaction(h -> names.removeName(h, r.id(), name))
                .orElseThrow(() -> Failure.notFound("no one holds that name on this relay"));
        d.log(
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
            d.relayStore().find(id).filter(RelayNames::served).ifPresent(relays::add);
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
        d.log(r, "name_claimed", Nip19.shortNpub(pubkey) + " took the name " + name, pubkey);
        return membership(r, enabled(r) ? name : null);
    }

    /** A member gives up their own name on a relay (allowed whether or not they are still a member). */
    public void giveUp(String relayId, String pubkey) {
        Relay r = memberRelay(relayId);
        RelayNameStore.Row gone = d.jdbi()
                .inTransaction(h -> names.release(h, r.id(), pubkey))
                .orElseThrow(() -> Failure.notFound("you hold no name on this relay"));
        d.log(r, "name_given_up", Nip19.shortNpub(pubkey) + " gave up the name " + gone.name(), pubkey);
    }

    // ------------------------------------------------------------------------------------------------ NIP-05

    /**
     * NIP-05's answer at {@code host} (the request's host, its port allowed): the relay it names, served now, and the
     * name asked, if a member holds it there and the relay's plan gives names. A host that is no relay's is not found.
     */
    public Nip05 nip05(String host, String rawName) {
        Relay r = relayAt(host).orElseThrow(() -> Failure.notFound("no relay Caravel serves is at this host"));
        Map<String, String> found = new LinkedHashMap<>();
        Map<String, List<String>> relays = new LinkedHashMap<>();
        String name = rawName == null ? "" : rawName.toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && name.length() <= 64 && enabled(r)) {
            names.byName(r.id(), name).ifPresent(n -> {
                found.put(n.name(), n.pubkey());
                relays.put(n.pubkey(), List.of(hosts.publicUrl(r)));
            });
        }
        return new Nip05(found, relays);
    }

    /**
     * The served relay a request's host names: {@code <subdomain>.<relay domain>} of a relay domain of a zooid node
     * (the relay placed under that same domain), or a served custom domain. Case and a port are ignored; a name that
     * is not plain ASCII is none (Unicode case rules map a few letters onto ASCII ones).
     */
    Optional<Relay> relayAt(String rawHost) {
        if (rawHost == null || rawHost.isEmpty() || rawHost.length() > 260) return Optional.empty();
        if (!rawHost.chars().allMatch(c -> c > 32 && c < 127)) return Optional.empty();
        String host = withoutPort(rawHost.toLowerCase(Locale.ROOT));
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        for (String domain : nodes.domains()) {
            String relayHost = withoutPort(domain.toLowerCase(Locale.ROOT));
            String suffix = "." + relayHost;
            if (!host.endsWith(suffix)) continue;
            String label = host.substring(0, host.length() - suffix.length());
            if (!LABEL.matcher(label).matches()) continue;
            // the relay must live under the domain the host is under, not merely have the label
            return d.relayStore()
                    .servedBySubdomain(label)
                    .filter(r -> withoutPort(RelayAddress.domainOf(r, nodes).toLowerCase(Locale.ROOT))
                            .equals(relayHost));
        }
        String custom = host;
        return hosts.relayIdForCustomHost(custom)
                .flatMap(id -> d.relayStore().find(id))
                .filter(RelayNames::served);
    }

    private static String withoutPort(String host) {
        return host.replaceFirst(":[0-9]+$", "");
    }

    // ------------------------------------------------------------------------------------------------ membership ends

    /**
     * The relay's new member list (kind 13534, signed by the relay key): the mirror becomes it, and names whose holder
     * it no longer has are released (left, removed, banned). A list older than the one applied is ignored. The owner
     * keeps their names whatever a list says: the owner is always a member of their relay.
     */
    public void memberList(String relayId, Event e) {
        Relay r = d.relayStore().find(relayId).orElse(null);
        if (r == null || e.kind() != SystemEvents.MEMBER_LIST) return;
        String relayKey = d.access().relayPubkey(r);
        if (!e.pubkey().equals(relayKey)) return; // only the relay speaks for its members
        Set<String> listed = new HashSet<>();
        for (List<String> t : e.tags())
            if (t.size() >= 2
                    && t.get(0).equals("member")
                    && HEX64.matcher(t.get(1)).matches()) listed.add(t.get(1));
        listed.remove(relayKey);
        List<RelayNameStore.Row> released = d.jdbi().inTransaction(h -> {
            Optional<Long> at = members.listedAt(h, relayId);
            if (at.isPresent() && at.get() > e.createdAt()) return List.<RelayNameStore.Row>of();
            members.replace(h, relayId, listed, e.createdAt());
            List<RelayNameStore.Row> out = new ArrayList<>();
            for (RelayNameStore.Row n : names.byRelay(h, relayId)) {
                if (listed.contains(n.pubkey()) || n.pubkey().equals(r.tenant())) continue;
                names.release(h, relayId, n.pubkey());
                out.add(n);
                d.activity()
                        .add(
                                h,
                                r.tenant(),
                                relayId,
                                "name_released",
                                "Name " + n.name() + " released: " + Nip19.shortNpub(n.pubkey())
                                        + " is no longer a member",
                                relayKey,
                                d.now());
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
    public void membershipEnded(Relay r, String pubkey, String actor) {
        d.jdbi().useTransaction(h -> membershipEnded(h, r, pubkey, actor));
    }

    /** {@link #membershipEnded(Relay, String, String)} in the caller's transaction. */
    public void membershipEnded(Handle h, Relay r, String pubkey, String actor) {
        members.remove(h, r.id(), pubkey);
        names.release(h, r.id(), pubkey)
                .ifPresent(n -> d.activity()
                        .add(
                                h,
                                r.tenant(),
                                r.id(),
                                "name_released",
                                "Name " + n.name() + " released: " + Nip19.shortNpub(pubkey) + " is no longer a member",
                                actor,
                                d.now()));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Whether the pubkey is a member of the relay now: the owner always is; the mirror's "yes" is taken, anything else
     * is asked of the relay (the mirror may lag a join, or not have heard the relay at all).
     */
    boolean isMember(Relay r, String pubkey) {
        if (pubkey.equals(r.tenant())) return true;
        if (members.isMember(r.id(), pubkey)) return true;
        return d.management().listMembers(r).stream()
                .map(RelayManagement.Member::pubkey)
                .anyMatch(pubkey::equals);
    }

    private RelayNameStore.Row put(Relay r, String name, String pubkey, String by) {
        try {
            return d.jdbi().inTransaction(h -> {
                Optional<RelayNameStore.Row> holder = names.byName(h, r.id(), name);
                if (holder.isPresent() && !holder.get().pubkey().equals(pubkey)) throw taken(name);
                names.put(h, r.id(), name, pubkey, by, d.now());
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
                    "Names are not included in the " + d.caps().plan(r).name()
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
        return d.relayStore().find(relayId).filter(Relay::zooidCreated).orElseThrow(RelayNames::notMember);
    }

    private static boolean served(Relay r) {
        return r.zooidCreated() && r.status() == RelayStatus.ACTIVE;
    }

    /** The hosts the relay's names are shown at: its canonical host, and its custom domain while that is in use. */
    private List<String> hostsOf(Relay r) {
        List<String> out = new ArrayList<>();
        out.add(d.access().address(r).host());
        hosts.customDomainInUse(r).ifPresent(out::add);
        return out;
    }

    private MembershipView membership(Relay r, String name) {
        boolean enabled = enabled(r);
        String host = hosts.customDomainInUse(r).orElse(d.access().address(r).host());
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
