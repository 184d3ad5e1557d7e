package caravel.erasure;

import caravel.domains.CustomDomains;
import caravel.insight.Insight;
import caravel.names.RelayMemberStore;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.team.Team;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which hosted relays a request to vanish names: a relay is named when one of the request's {@code relay} tags is its
 * address (its canonical host, or its custom domain while in use), or by {@code ALL_RELAYS}, which on this platform (one
 * operator) means every hosted relay where the person has or had state: a member as the relay's lists said (now or
 * once: {@link RelayMemberStore#relaysEverOf}), on a team, or seen writing there by insight in its kept 31 days. A relay where they were never listed nor seated is not
 * asked (asking every hosted relay for their events would cost a query per relay): docs/erasure.md says so.
 */
final class ErasureTargets {
    /** How many relays one {@code ALL_RELAYS} request reaches at most (the person's memberships, bounded). */
    static final int MOST = 500;

    private final RelayStore relays;
    private final CustomDomains domains;
    private final RelayMemberStore mirror;
    private final Team team;
    private final Insight insight;
    private final Function<VanishRequest, List<String>> erased;

    /** @param erased the relays where this very request (its author and date) was recorded */
    ErasureTargets(
            RelayStore relays,
            CustomDomains domains,
            RelayMemberStore mirror,
            Team team,
            Insight insight,
            Function<VanishRequest, List<String>> erased) {
        this.insight = insight;
        this.erased = erased;
        this.relays = relays;
        this.domains = domains;
        this.mirror = mirror;
        this.team = team;
    }

    /** Whether the request names {@code r} itself (its address) or every relay. */
    boolean names(Relay r, VanishRequest v) {
        return v.names(domains.hosts(r));
    }

    /**
     * The hosted relays the request names (not deleted): by address, and for {@code ALL_RELAYS} every relay where the
     * person has state.
     */
    List<Relay> named(VanishRequest v) {
        Map<String, Relay> out = new LinkedHashMap<>();
        // the relays this very request reached before: asked again, each answers that it was (and changes nothing)
        for (String id : erased.apply(v)) relays.find(id).ifPresent(r -> out.put(r.id(), r));
        for (String host : v.hosts()) byHost(host).filter(r -> names(r, v)).ifPresent(r -> out.put(r.id(), r));
        if (v.allRelays()) {
            // where they are a member, and where they were one and left: their events stay there after they leave
            for (String id : mirror.relaysEverOf(v.pubkey(), MOST))
                relays.find(id).ifPresent(r -> out.put(r.id(), r));
            // where Caravel saw them write lately (31 days), member or not: their events are there
            for (String id : insight.relaysWrittenOnBy(v.pubkey(), MOST))
                relays.find(id).ifPresent(r -> out.put(r.id(), r));
            for (var seat : team.relaysOf(v.pubkey()))
                relays.find(seat.relayId()).ifPresent(r -> out.put(r.id(), r));
        }
        return out.values().stream().filter(r -> !r.deleted()).toList();
    }

    /** The relay a host stands for: a served custom domain, or a subdomain of the relays' domain. */
    private Optional<Relay> byHost(String host) {
        Optional<Relay> custom = domains.servedRelay(host).flatMap(relays::find);
        if (custom.isPresent()) return custom;
        int dot = host.indexOf('.');
        return dot <= 0 ? Optional.empty() : relays.bySubdomain(host.substring(0, dot));
    }
}
