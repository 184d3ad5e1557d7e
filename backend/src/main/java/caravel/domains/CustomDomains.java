package caravel.domains;

import caravel.config.Config;
import caravel.config.ZooidNodes;
import caravel.domain.Epoch;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.jobs.JobRunner;
import caravel.jobs.Periodic;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayTransitions;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.ProxyRoutes;
import caravel.zooid.RelayAddress;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay served at its owner's own domain (README "Custom domains"). The owner proves the domain with two records: a
 * CNAME to the relay's canonical host (which is also what routes the name) and a TXT record at
 * {@code _caravel.<domain>} holding the row's token. The CNAME alone is no proof: a freed subdomain can be taken by
 * someone else, whose relay an old CNAME would then name; the token is made when the domain is set and only its
 * owner's account sees it.
 *
 * <p>States: pending until both records are seen; verified while they are (served: certificate and proxy route);
 * lost when they went missing after verification (a background check must miss them {@link DomainStates#MISSES_TO_LOSE} times in
 * a row, so a DNS hiccup never takes a relay's domain down; the owner's own check makes it lost at once), verified
 * again when they return. One domain, one relay: the database admits one verified row per domain.
 *
 * <p>A domain is <em>served</em> while it is verified, the relay's plan includes custom domains and zooid serves the
 * relay now (the same test /tls/ask makes for the canonical host): it gets a certificate and a proxy route. It is
 * <em>in use</em> (the relay's address in invites, QR codes, join pages, NIP-05 names) only once the proxy routes it
 * too ({@link DomainRouting}): until then the canonical address stays the one shown. The canonical address keeps
 * working throughout.
 */
public final class CustomDomains {
    private static final Logger log = LoggerFactory.getLogger(CustomDomains.class);

    public static final String JOB_CHECK = "domain_check";
    public static final int CHECK_ATTEMPTS = 3;
    /** Rows a background run checks at most (the next run takes the rest). */
    static final int BATCH = 200;

    private final DomainStore store;
    private final RelayStore relays;
    private final Clock clock;
    private final DomainServing serving;
    private final DomainChanges changes;
    private final DomainVerification verification;

    /**
     * The proxy in front of the relays, as custom domains meet it.
     *
     * @param servedChanged called after a domain starts or stops being served (the proxy's routes are rewritten)
     * @param routing       whether the proxy routes a served domain now (what makes it the relay's address)
     */
    public record Proxy(Runnable servedChanged, DomainRouting routing) {}

    /**
     * What the platform decides about custom domains.
     *
     * @param plans         which plans include a custom domain
     * @param nodes         the zooid nodes, whose relay domains no relay may claim
     * @param platformHosts the app's own hosts (PUBLIC_URL): no relay may claim them or a name under them
     * @param redirectFor   RELAY_REDIRECT_SECONDS: how long a domain the relay let go answers NIP-11 with redirect_to
     *                      (zero: never)
     */
    public record Settings(
            Plans plans, ZooidNodes nodes, Collection<String> platformHosts, java.time.Duration redirectFor) {}

    CustomDomains(
            DomainStore store,
            RelayStore relays,
            Clock clock,
            DomainServing serving,
            DomainChanges changes,
            DomainVerification verification) {
        this.store = store;
        this.relays = relays;
        this.clock = clock;
        this.serving = serving;
        this.changes = changes;
        this.verification = verification;
    }

    /** A count raised whenever which domains the proxy routes may have changed (see {@link DomainRouting#changes}). */
    public long routingChanges() {
        return serving.routing().changes();
    }

    /**
     * Custom domains as the settings say: DNS asked through DNS_RESOLVERS (or the system's servers), the app's own
     * hosts (PUBLIC_URL) kept from relays.
     */
    public static CustomDomains fromConfig(
            Config config,
            Jdbi jdbi,
            Clock clock,
            RelayStore relays,
            ActivityLog activity,
            RelayTransitions transitions,
            Robot robot,
            Proxy proxy) {
        List<String> appHosts = config.publicUrls().stream()
                .map(u -> java.net.URI.create(u).getHost())
                .filter(java.util.Objects::nonNull)
                .toList();
        var settings = new Settings(
                config.plans(),
                config.zooidNodes(),
                appHosts,
                config.retirement().redirectFor());
        var store = new DomainStore(jdbi);
        var serving = new DomainServing(settings.plans(), settings.nodes(), proxy.routing(), proxy.servedChanged());
        var proof = new DomainProof(new DnsLookup(config.customDomains().dnsResolvers()));
        return new CustomDomains(
                store,
                relays,
                clock,
                serving,
                new DomainChanges(jdbi, clock, relays, activity, transitions, store, serving, settings),
                new DomainVerification(serving, store, relays, jdbi, activity, robot, proof, clock));
    }

    /** Registers the background DNS checks, once per period across processes. */
    public void register(JobRunner runner, Periodic periodic, Config config) {
        runner.register(
                JOB_CHECK,
                periodic.handler(JOB_CHECK, config.customDomains().checkEvery(), CHECK_ATTEMPTS, this::checkDue));
    }

    /** A record the domain's owner creates; purpose "route" (the CNAME) or "ownership" (the TXT). */
    public record DnsRecord(String type, String name, String value, String purpose) {}

    // ---- reads ----

    public Optional<RelayDomain> of(String relayId) {
        return store.find(relayId);
    }

    /** The rows of a page of relays, by relay id: one query for the page. */
    public Map<String, RelayDomain> of(Collection<String> relayIds) {
        return store.byRelays(relayIds);
    }

    public Map<String, RelayDomain> of(Handle h, Collection<String> relayIds) {
        return store.byRelays(h, relayIds);
    }

    /** The relay's canonical host as a DNS name: {@code <subdomain>.<relay domain>}, without a port. */
    public String canonicalHost(Relay r) {
        return serving.canonicalHost(r);
    }

    /** The records the owner must create for the row. */
    public List<DnsRecord> records(Relay r, RelayDomain d) {
        return List.of(
                new DnsRecord("CNAME", d.domain(), canonicalHost(r), "route"),
                new DnsRecord("TXT", "_caravel." + d.domain(), DomainProof.TXT_PREFIX + d.token(), "ownership"));
    }

    /** Whether the relay answers at the row's domain now (see the class comment). */
    public boolean served(Relay r, RelayDomain d) {
        return serving.served(r, d);
    }

    /**
     * Why a served domain is not the relay's address yet (the proxy does not route it), as a clause; empty while it is
     * in use, and while it is not served at all (then {@link #instruction} or the plan says why).
     */
    public Optional<String> notRouted(Relay r, RelayDomain d) {
        return serving.notRouted(r, d);
    }

    /**
     * What the owner reads while the domain is verified but not the relay's address (null otherwise): why, and that the
     * canonical address stays the one to share and keeps working.
     */
    public String notRoutedSentence(Relay r, RelayDomain d) {
        return notRouted(r, d)
                .map(why -> d.domain() + " is verified, but it is not the relay's address yet: " + why
                        + ". Until it is routed, invites, QR codes and join pages keep the relay's own address, "
                        + RelayAddress.of(r, serving.nodes()).url() + ", which keeps working.")
                .orElse(null);
    }

    /**
     * Whether the domain is the relay's address now: served (verified, plan, relay online) and routed by the proxy.
     * The one rule every shown address follows ({@link #publicUrl}, {@link #hosts}).
     */
    public boolean inUse(Relay r, RelayDomain d) {
        return serving.inUse(r, d);
    }

    /**
     * The relay's public address, the one every page, invite, QR code, join page and NIP-05 answer shows:
     * {@code wss://<domain>/} while the domain is {@linkplain #inUse in use}, else the canonical URL.
     */
    public String publicUrl(Relay r, RelayDomain d) {
        return inUse(r, d)
                ? "wss://" + d.domain() + "/"
                : RelayAddress.of(r, serving.nodes()).url();
    }

    public String publicUrl(Relay r) {
        return publicUrl(r, store.find(r.id()).orElse(null));
    }

    /** The hosts people are shown for the relay: its canonical host, then its custom domain while in use. */
    public List<String> hosts(Relay r) {
        RelayDomain d = store.find(r.id()).orElse(null);
        return inUse(r, d) ? List.of(canonicalHost(r), d.domain()) : List.of(canonicalHost(r));
    }

    /** Every custom domain served now, with its relay (the proxy's routes; one query). */
    public List<ServedDomain> served() {
        return store.servedHolders().stream()
                .filter(h -> serving.planAllows(h.plan()))
                .map(h -> new ServedDomain(h.domain(), h.relayId()))
                .toList();
    }

    /** The proxy's custom-domain routes: every served domain with its relay (read when the routes are written). */
    public List<ProxyRoutes.CustomRoute> proxyRoutes() {
        return served().stream()
                .flatMap(d -> relays.find(d.relayId()).map(r -> new ProxyRoutes.CustomRoute(d.domain(), r)).stream())
                .toList();
    }

    /** The relay a served custom domain stands for: one lookup on the verified-domain index. */
    public Optional<String> servedRelay(String domain) {
        return store.servedHolder(domain.toLowerCase(Locale.ROOT))
                .filter(h -> serving.planAllows(h.plan()))
                .map(DomainStore.Holder::relayId);
    }

    /**
     * The relay a domain it let go (changed or removed while verified) redirects to now: NIP-11 reads of the old
     * domain answer {@code redirect_to} its address now, for RELAY_REDIRECT_SECONDS (docs/custom-domains.md). None once
     * another relay is verified at the name, for a deleted relay, and after the period.
     */
    public Optional<Relay> redirectedFrom(String domain) {
        return store.redirectedRelay(domain.toLowerCase(Locale.ROOT), Epoch.seconds(clock))
                .flatMap(relays::find);
    }

    /**
     * Whether the proxy may get a certificate for this name: a domain served now, or an old domain while it redirects
     * (the redirect is read over TLS, so without one it could not be reached). At most two indexed lookups.
     */
    public boolean mayHaveCertificate(String domain) {
        return servedRelay(domain).isPresent()
                || store.redirectedRelay(domain.toLowerCase(Locale.ROOT), Epoch.seconds(clock))
                        .isPresent();
    }

    /**
     * What the owner still has to do, as one sentence, while the domain is not verified (null once it is): both
     * records, for a client that shows only the CNAME.
     */
    public String instruction(Relay r, RelayDomain d) {
        if (d == null || d.verified()) return null;
        List<DnsRecord> rec = records(r, d);
        String found = d.problem() == null ? "" : " (last check: " + d.problem() + ")";
        return (d.state().equals(RelayDomain.LOST)
                        ? "The relay is no longer served at " + d.domain() + ": its DNS records are gone"
                        : d.domain() + " is not verified yet")
                + found + ". Create a CNAME record " + rec.get(0).name() + " → "
                + rec.get(0).value()
                + " and a TXT record " + rec.get(1).name() + " = \""
                + rec.get(1).value() + "\".";
    }

    // ---- changes ----

    /**
     * Sets the relay's domain: validated, refused on a plan without custom domains and when another relay is served
     * at it; the same domain again keeps its row (and token), another replaces it (new token, pending). Checked at once.
     */
    public RelayDomain set(Relay r, String domain, RelayStateMachine.Actor by) {
        return afterCommit(changes.set(r, domain, by));
    }

    /**
     * What a domain change made in a transaction leaves for after its commit (DNS is never asked while the write lock
     * is held): telling the proxy when the relay stopped being served at its old domain, and checking the new one.
     */
    public record Change(String relayId, boolean wasServed, boolean removed) {}

    /**
     * {@link #set} inside the caller's transaction (a relay created or edited with its domain: one commit for both, so
     * a refused domain leaves no relay and no edit behind); the caller passes the result to {@link #afterCommit}.
     */
    public Change setIn(Handle h, Relay r, String domain, RelayStateMachine.Actor by) {
        return changes.setIn(h, r, domain, by);
    }

    /** Removes the relay's domain; the canonical address stays. */
    public void remove(Relay r, RelayStateMachine.Actor by) {
        afterCommit(changes.remove(r, by));
    }

    /** {@link #remove} inside the caller's transaction; the caller passes the result to {@link #afterCommit}. */
    public Change removeIn(Handle h, Relay r, RelayStateMachine.Actor by) {
        return changes.removeIn(h, r, by);
    }

    /**
     * What a committed {@link #setIn} or {@link #removeIn} leaves to do: the proxy's routes rewritten when the relay
     * stopped being served at its old domain, and a set domain checked at once. @return the row after its check, or
     * null after a removal
     */
    public RelayDomain afterCommit(Change change) {
        if (change.wasServed()) serving.notifyServedChanged();
        return change.removed() ? null : verification.check(change.relayId(), true);
    }

    /**
     * The owner's "check now": a verified domain whose records are missing is lost at once; for one that is served the
     * proxy is asked again too (its routes checked, and written where they are missing: a write that failed, a proxy
     * that restarted), so the answer says whether the domain is the relay's address now.
     */
    public RelayDomain checkNow(Relay r) {
        RelayDomain d = verification.check(r.id(), true);
        if (served(relays.find(r.id()).orElse(r), d)) serving.notifyServedChanged();
        return d;
    }

    /** The background run: every row whose next check is due (at most {@link #BATCH} a run). */
    public void checkDue() {
        for (String relayId : store.due(Epoch.seconds(clock), BATCH)) {
            try {
                verification.check(relayId, false);
            } catch (RuntimeException e) {
                log.warn("custom domain check of relay {} failed: {}", relayId, e.toString());
            }
        }
    }

    /**
     * Refuses what {@link #set} would refuse before anything is written (a client that changes a relay and its domain in
     * one request): the name's rules, the plan, another relay served at it. @return the domain as it would be stored
     */
    public String validate(String domain, Plan plan) {
        return changes.validate(domain, plan);
    }

    /** The relay's plan as the catalog has it (a domain is checked against it when an edit keeps the plan). */
    public Plan planOf(Relay r) {
        return serving.plans().of(r.plan());
    }
}
