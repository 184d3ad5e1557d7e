package caravel.erasure;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.RelayRole;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.nostr.Event;
import caravel.nostr.Nip19;
import caravel.relayaccess.RelayAccess;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.team.Team;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Erasing a person from a hosted relay: the owner's (or an admin's) erasure of a member, a NIP-62 request to vanish sent
 * to the API, or one heard on a relay. Each becomes one row of {@code erasures} and a job ({@link ErasureRun}) in the
 * same transaction: their events are removed from zooid, then every relay part ends their state. The same request twice
 * is the same row and changes nothing. The relay's owner is never erased from their own relay (they delete the relay),
 * nor is the relay's own key.
 */
public final class Erasures {
    /** The job that runs one erasure. */
    public static final String JOB = "erasure.run";

    /** How old a request sent to the API may be (a request is signed for the moment it is sent). */
    public static final long FRESH_S = 600;

    private final ErasureStore store;
    private final JobQueue jobs;
    private final ErasureTargets targets;
    private final RelayAccess access;
    private final Team team;
    private final ActivityLog activity;
    private final Clock clock;

    Erasures(
            ErasureStore store,
            JobQueue jobs,
            ErasureTargets targets,
            RelayAccess access,
            Team team,
            ActivityLog activity,
            Clock clock) {
        this.store = store;
        this.jobs = jobs;
        this.targets = targets;
        this.access = access;
        this.team = team;
        this.activity = activity;
        this.clock = clock;
    }

    /** The job's payload: which erasure to run. */
    record Run(String relay, String pubkey, long until) {}

    /** One erasure as the API shows it. */
    public record Started(String relayId, String pubkey, long until, String step, boolean alreadyRequested) {}

    /**
     * The owner (or an admin: {@code role}) erases a member, confirmed by typing their npub (or hex key) as
     * {@code confirm}. Irreversible: their events are removed for good.
     */
    public Started eraseMember(Relay r, RelayRole role, Actor actor, String pubkey, String confirm) {
        refuseUnerasable(r, pubkey);
        if (confirm == null || !confirms(pubkey, confirm))
            throw new Failure(
                    Failure.Kind.INVALID,
                    "erase_not_confirmed",
                    "confirm",
                    "type the member's npub to confirm: erasing removes their posts for good and cannot be undone");
        if (role != RelayRole.OWNER
                && team.list(r).stream().anyMatch(m -> m.pubkey().equals(pubkey) && m.role() == RelayRole.ADMIN))
            throw Failure.forbidden("only the relay's owner can erase an admin");
        return store.jdbi().inTransaction(h -> {
            Optional<ErasureStore.Row> running = store.running(h, r.id(), pubkey);
            if (running.isPresent()) return started(running.get(), true);
            String callerRole = role == RelayRole.OWNER ? "owner" : "admin";
            return start(h, r, pubkey, Epoch.seconds(clock), "owner", actor.key(), callerRole);
        });
    }

    /**
     * A signed request to vanish sent to the API: checked (kind, signature, date, the relays it names) and honoured on
     * every hosted relay it names. A request that names no relay Caravel hosts is refused and changes nothing.
     */
    public List<Started> vanish(Event e) {
        long now = Epoch.seconds(clock);
        VanishRequest v = VanishRequest.read(e, now, now - FRESH_S);
        List<Relay> relays = targets.named(v);
        if (relays.isEmpty() && !v.allRelays())
            throw new Failure(
                    Failure.Kind.INVALID,
                    "vanish_other_relay",
                    "tags",
                    "the request names no relay hosted here: its relay tags must be this relay's address"
                            + " (wss://...) or ALL_RELAYS");
        return honour(v, relays);
    }

    /**
     * A request to vanish heard on relay {@code r} (the watch queued it): honoured when it is valid and names this relay
     * or every relay; otherwise the relay's activity says why it was ignored. Nothing is thrown for a bad request: no
     * one is waiting for an answer, and trying again would not make it good.
     */
    void heard(Relay r, Event e) {
        long now = Epoch.seconds(clock);
        try {
            // heard on the relay: it was accepted there, whenever it was signed
            VanishRequest v = VanishRequest.read(e, now, 0);
            if (!targets.names(r, v))
                throw new Failure(
                        Failure.Kind.INVALID,
                        "vanish_other_relay",
                        "tags",
                        "it names another relay, not this one (nor ALL_RELAYS)");
            List<Relay> relays = new ArrayList<>();
            relays.add(r);
            if (v.allRelays())
                targets.named(v).stream().filter(o -> !o.id().equals(r.id())).forEach(relays::add);
            honour(v, relays);
        } catch (Failure refused) {
            activity.add(
                    r.tenant(),
                    r.id(),
                    "vanish_ignored",
                    "A request to vanish from " + Nip19.shortNpub(e.pubkey()) + " was ignored: " + refused.getMessage(),
                    Actor.SYSTEM,
                    now);
        }
    }

    /**
     * Each person erased from the relay, requested or done, with their newest request's date in seconds: what a
     * restore of the relay's backups leaves out (docs/erasure.md "Backups").
     */
    public java.util.Map<String, Long> erasedOn(String relayId) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        for (ErasureStore.Row e : store.byRelay(relayId)) out.merge(e.pubkey(), e.untilS(), Math::max);
        return out;
    }

    /** The relay's erasures, newest first. */
    public List<ErasureStore.Row> list(Relay r) {
        return store.byRelay(r.id());
    }

    /** Starts the request's erasure on each relay where it may run (the owner and the relay's key are left out). */
    private List<Started> honour(VanishRequest v, List<Relay> relays) {
        List<Started> out = new ArrayList<>();
        for (Relay r : relays) {
            if (v.pubkey().equals(r.tenant()) || v.pubkey().equals(access.relayPubkey(r))) {
                if (relays.size() == 1) refuseUnerasable(r, v.pubkey());
                continue;
            }
            out.add(store.jdbi().inTransaction(h -> start(h, r, v.pubkey(), v.untilS(), "vanish", v.pubkey(), "self")));
        }
        return out;
    }

    private Started start(Handle h, Relay r, String pubkey, long untilS, String source, String by, String callerRole) {
        long now = Epoch.seconds(clock);
        var row = new ErasureStore.Row(r.id(), pubkey, untilS, source, by, callerRole, "events", 0, now, null);
        if (!store.insert(h, row))
            return started(store.find(r.id(), pubkey, untilS).orElse(row), true);
        jobs.enqueue(
                h,
                JOB,
                JobPayloads.write(new Run(r.id(), pubkey, untilS)),
                JOB + ":" + r.id() + ":" + pubkey + ":" + untilS,
                30);
        activity.add(
                h,
                r.tenant(),
                r.id(),
                source.equals("vanish") ? "vanish_requested" : "member_erased",
                (source.equals("vanish")
                                ? Nip19.shortNpub(pubkey) + " asked to vanish (NIP-62): "
                                : "Erasing " + Nip19.shortNpub(pubkey) + ": ")
                        + "their events are being removed from the relay, and their membership, name and insight"
                        + " entries end. This cannot be undone.",
                source.equals("vanish") ? Actor.person(pubkey) : Actor.person(by),
                now);
        return started(row, false);
    }

    private static Started started(ErasureStore.Row row, boolean already) {
        return new Started(row.relayId(), row.pubkey(), row.untilS(), row.step(), already);
    }

    private void refuseUnerasable(Relay r, String pubkey) {
        if (pubkey.equals(r.tenant()))
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    "owner_not_erasable",
                    "pubkey",
                    "the relay's owner cannot be erased from their own relay: delete the relay instead");
        if (pubkey.equals(access.relayPubkey(r)))
            throw Failure.invalidField("pubkey", "that is the relay's own key, which cannot be erased");
    }

    /** Whether the typed text is the member's npub or hex key. */
    static boolean confirms(String pubkey, String typed) {
        String t = typed.strip().toLowerCase(Locale.ROOT);
        return t.equals(pubkey) || t.equals(Nip19.npub(pubkey));
    }
}
