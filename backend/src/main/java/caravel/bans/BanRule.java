package caravel.bans;

import caravel.domain.Failure;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayRpc;
import caravel.relays.RelayStateMachine;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one answer to "is this key banned for this relay": the relay's own ban (zooid's ban list, what its owner or an
 * administrator on that relay decided) or a platform ban that stands (running or done, not undone), except where the
 * relay's owner lifted that platform ban on their relay themselves. Every way onto a relay passes through it: an add by
 * the owner, Flotilla's member add, paid admission's join, trial, settlement, renewal and the admit job (all through
 * {@code Members.add} or {@link #refuse}). zooid's allowpubkey lifts a ban, so nothing may send it for a banned key.
 *
 * <p>Whoever ends a standing on a ban (paid admission) listens with {@link #whenBanned}: a ban is final, not only on
 * the relay but in what the person has paid for there.
 */
public final class BanRule {
    private static final Logger log = LoggerFactory.getLogger(BanRule.class);

    /** The refusal's code: the key is banned on this relay (forbidden, final until the ban is lifted). */
    public static final String BANNED = "banned";

    private final RelayAccess access;
    private final RelayRpc rpc;
    private final PlatformBanStore platformBans;
    private final List<BiConsumer<Relay, String>> listeners = new CopyOnWriteArrayList<>();

    public BanRule(RelayAccess access, RelayRpc rpc, PlatformBanStore platformBans) {
        this.access = access;
        this.rpc = rpc;
        this.platformBans = platformBans;
    }

    /** Where the ban comes from: the relay's own, or the platform's. */
    public enum Source {
        RELAY,
        PLATFORM
    }

    /**
     * The ban that keeps {@code pubkey} off {@code r}, if any. The platform's ban is read from Caravel's records; the
     * relay's own from the relay (a relay zooid is not serving admits no one, so it is not asked). A relay that cannot
     * be asked is a failure, never a "not banned".
     */
    public Optional<Source> ban(Relay r, String pubkey) {
        if (pubkey.equals(r.tenant())) return Optional.empty(); // an owner is never banned from their own relay
        if (platformBans.standsOn(r.id(), pubkey)) return Optional.of(Source.PLATFORM);
        if (!r.zooidCreated() || !RelayStateMachine.served(r.status())) return Optional.empty();
        JsonNode list = rpc.call(access.target(r), "listbannedpubkeys", List.of(), "list its banned people");
        for (JsonNode b : list) if (b.path("pubkey").asText().equals(pubkey)) return Optional.of(Source.RELAY);
        return Optional.empty();
    }

    public boolean banned(Relay r, String pubkey) {
        return ban(r, pubkey).isPresent();
    }

    /**
     * As {@link #banned}, but a relay that cannot be asked right now (not served yet after a reactivation, unreachable)
     * answers from Caravel's records alone. Only for offers, such as a renewal invoice, whose payment is checked again
     * with {@link #banned} before it counts.
     */
    public boolean bannedAsFarAsKnown(Relay r, String pubkey) {
        try {
            return banned(r, pubkey);
        } catch (Failure f) {
            if (f.kind() != Failure.Kind.CONFLICT && f.kind() != Failure.Kind.UNAVAILABLE) throw f;
            log.info("relay {}: its ban list could not be read ({}); Caravel's records decide", r.id(), f.getMessage());
            return !pubkey.equals(r.tenant()) && platformBans.standsOn(r.id(), pubkey);
        }
    }

    /** A refusal as forbidden, {@code banned}, when the key is banned on the relay, in words the person (or the owner) can act on. */
    public void refuse(Relay r, String pubkey) {
        Optional<Source> source = ban(r, pubkey);
        if (source.isEmpty()) return;
        throw new Failure(
                Failure.Kind.FORBIDDEN,
                BANNED,
                null,
                source.get() == Source.PLATFORM
                        ? "This key is banned on every relay Caravel hosts, so it cannot join or be added to "
                                + r.name() + "."
                        : "This key is banned from " + r.name() + ", so it cannot join or be added. Only the relay's"
                                + " owner can lift the ban (Moderation, Bans), which can make it a member again in the"
                                + " same step.");
    }

    /** Tells the listeners that {@code pubkey} was banned on {@code r} (by its owner or by a platform ban). */
    public void announce(Relay r, String pubkey) {
        for (BiConsumer<Relay, String> l : listeners) {
            try {
                l.accept(r, pubkey);
            } catch (RuntimeException e) {
                // the ban itself holds either way; the listener's own checks (settlement, renewal) ask this rule again
                log.warn("relay {}: a listener of bans failed: {}", r.id(), e.toString());
            }
        }
    }

    /** Called with the relay and the key each time a key is banned on a relay. */
    public void whenBanned(BiConsumer<Relay, String> listener) {
        listeners.add(listener);
    }
}
