package caravel.members;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.relayaccess.Capabilities;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayKeySockets;
import caravel.relayaccess.RelayRpc;
import caravel.relayaccess.RelaySocket;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Invite claims, obtained exactly as a Nostr client obtains them: signed in (NIP-42) as the relay's key, a REQ whose
 * filter asks for kind 28935 makes zooid answer with a claim event it signs for the requester.
 *
 * <p>The join link is {@code https://app.flotilla.social/join?r=<relay url>&c=<claim>}: Flotilla (Coracle's community
 * app, built for zooid) opens that route, signs the person in and publishes the kind 28934 join with the claim;
 * the relay URL and the claim are also returned separately for apps that take them by hand.
 */
public final class Invites {
    /** Where the join link opens. Flotilla's join route takes the relay URL as {@code r} and the claim as {@code c}. */
    public static final String JOIN_APP = "https://app.flotilla.social/join";

    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    private final RelayAccess access;
    private final RelayRpc rpc;
    private final Capabilities capabilities;
    private final RelayKeySockets sockets;
    private final OutcomeLog outcomes;
    private final java.time.Clock clock;
    /** Links name the relay's public URL: its custom domain once that is served, else its canonical address. */
    private final caravel.domains.CustomDomains domains;

    public Invites(
            RelayAccess access,
            RelayRpc rpc,
            Capabilities capabilities,
            RelayKeySockets sockets,
            OutcomeLog outcomes,
            java.time.Clock clock,
            caravel.domains.CustomDomains domains) {
        this.access = access;
        this.rpc = rpc;
        this.capabilities = capabilities;
        this.sockets = sockets;
        this.outcomes = outcomes;
        this.clock = clock;
        this.domains = domains;
    }

    public record Invite(String claim, String url, String qr, String relayUrl, boolean permanent, boolean manageable) {}

    public record Claim(String claim, String pubkey, long createdAt, String url) {}

    /** A relay's claim stays valid until revoked (archived zooid: forever), so one is reused for a while. */
    private static final long CLAIM_TTL_MS = 10 * 60_000;

    private record CachedClaim(String claim, long untilMs) {}

    private final java.util.Map<String, CachedClaim> claims = new java.util.concurrent.ConcurrentHashMap<>();

    public Invite invite(Relay r, Actor actor) {
        RelayAccess.Target t = access.target(r);
        long nowMs = clock.millis();
        CachedClaim cached = claims.get(r.id());
        String claim = cached != null && cached.untilMs() > nowMs ? cached.claim() : fetchClaim(r, t);
        if (cached == null || cached.untilMs() <= nowMs)
            claims.put(r.id(), new CachedClaim(claim, nowMs + CLAIM_TTL_MS));
        boolean manageable = capabilities.view(t).claims();
        String url = domains.publicUrl(r);
        return new Invite(claim, link(url, claim), QrSvg.dataUri(link(url, claim)), url, !manageable, manageable);
    }

    private String fetchClaim(Relay r, RelayAccess.Target t) {
        String claim = null;
        try (RelaySocket s = sockets.open(r)) {
            // zooid answers a REQ for 28935 with a claim event it signs for the requester, before any stored result
            for (Event e : s.query(List.of(Filter.any().kinds(28935).limit(1)), RelayKeySockets.TIMEOUT)) {
                if (e.kind() == 28935 && e.pubkey().equals(t.pubkey()) && e.tag("claim") != null) {
                    claim = e.tag("claim");
                    break;
                }
            }
        } catch (RelaySocket.RelayRefused e) {
            throw Failure.upstream("The relay would not hand out an invite: " + RelayRpc.sentence(e.getMessage()));
        }
        if (claim == null) throw Failure.upstream("The relay answered without an invite code.");
        return claim;
    }

    public static String link(String relayUrl, String claim) {
        return JOIN_APP + "?r=" + URLEncoder.encode(relayUrl, StandardCharsets.UTF_8) + "&c="
                + URLEncoder.encode(claim, StandardCharsets.UTF_8);
    }

    public List<Claim> list(Relay r) {
        capabilities.require(access.target(r), "listclaims", "managing invite codes");
        RelayAccess.Target t = access.target(r);
        List<Claim> out = new ArrayList<>();
        String url = domains.publicUrl(r);
        for (JsonNode c : rpc.call(t, "listclaims", List.of(), "list its invite codes"))
            out.add(new Claim(
                    c.path("claim").asText(),
                    c.path("pubkey").asText(null),
                    c.path("created_at").asLong(),
                    link(url, c.path("claim").asText())));
        return out;
    }

    public Claim create(Relay r, String code, Actor actor) {
        capabilities.require(access.target(r), "createclaim", "managing invite codes");
        if (code != null && !CODE.matcher(code).matches())
            throw Failure.invalidField("code", "code must be 1 to 64 letters, digits, '-' or '_'");
        RelayAccess.Target t = access.target(r);
        JsonNode result;
        try {
            result = rpc.call(t, "createclaim", code == null ? List.of() : List.of(code), "create an invite code");
        } catch (Failure e) {
            outcomes.record(r, "invite_create_failed", "Creating an invite code failed: " + e.getMessage(), actor);
            throw e;
        }
        String made =
                result.isTextual() ? result.textValue() : result.path("claim").asText(code);
        outcomes.record(r, "invite_created", "Invite code " + made + " created", actor);
        return new Claim(made, t.pubkey(), Epoch.seconds(clock), link(domains.publicUrl(r), made));
    }

    public void revoke(Relay r, String code, Actor actor) {
        capabilities.require(access.target(r), "deleteclaim", "revoking invite codes");
        if (!CODE.matcher(code).matches()) throw Failure.invalid("not an invite code");
        try {
            rpc.call(access.target(r), "deleteclaim", List.of(code), "revoke the invite code");
        } catch (Failure e) {
            outcomes.record(
                    r, "invite_revoke_failed", "Revoking invite code " + code + " failed: " + e.getMessage(), actor);
            throw e;
        }
        claims.remove(r.id()); // the next invite asks the relay again (it may have been this code)
        outcomes.record(r, "invite_revoked", "Invite code " + code + " revoked: it no longer lets anyone join", actor);
    }
}
