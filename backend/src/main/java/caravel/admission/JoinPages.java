package caravel.admission;

import caravel.config.Config;
import caravel.domain.Failure;
import caravel.domains.CustomDomains;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.util.Optional;

/**
 * A relay's public join page: what anyone may read of it (no sign-in), where it lives on the app, and which relay a
 * custom domain's visitor means. Reads only what the owner chose to show (name, icon, description, rules, price).
 */
public final class JoinPages {
    /** JoinInfo of the API. */
    public record Info(
            String subdomain,
            String name,
            String icon,
            String description,
            String rules,
            String relayUrl,
            String joinUrl,
            String mode,
            long priceSats,
            long periodSeconds,
            int trialDays,
            boolean selling,
            String notSellingReason,
            boolean askToJoin,
            String terms,
            String termsUrl) {}

    private final RelayStore relays;
    private final AdmissionStore store;
    private final Admissions rules;
    private final Joins joins;
    private final CustomDomains domains;
    private final String appUrl;
    private final Config.PaidAdmission timing;
    private final JoinRequestStore requests;

    /** @param appUrl the app's first public URL, where join pages live */
    public JoinPages(
            RelayStore relays,
            AdmissionStore store,
            Admissions rules,
            Joins joins,
            CustomDomains domains,
            String appUrl,
            Config.PaidAdmission timing,
            JoinRequestStore requests) {
        this.requests = requests;
        this.relays = relays;
        this.store = store;
        this.rules = rules;
        this.joins = joins;
        this.domains = domains;
        this.appUrl = appUrl.endsWith("/") ? appUrl.substring(0, appUrl.length() - 1) : appUrl;
        this.timing = timing;
    }

    /** The page's address on the app: https://<app>/join/<subdomain>. */
    public String joinUrl(Relay r) {
        return appUrl + "/join/" + r.subdomain();
    }

    /** The relay behind a join page; not found for a subdomain no relay has. */
    public Relay relay(String subdomain) {
        return relays.bySubdomain(subdomain).orElseThrow(() -> Failure.notFound("no community at this address"));
    }

    public Optional<Relay> find(String subdomain) {
        return relays.bySubdomain(subdomain);
    }

    /** The relay a custom domain is served for now (its visitors are sent to the join page). */
    public Optional<Relay> forCustomHost(String host) {
        if (host == null || host.isBlank()) return Optional.empty();
        String h = host.strip();
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) h = h.substring(0, colon); // the port a local stack may carry
        return domains.servedRelay(h).flatMap(relays::find);
    }

    public Info info(String subdomain) {
        return info(relay(subdomain));
    }

    public Info info(Relay r) {
        RelayAdmission a = store.find(r.id());
        JoinRequestStore.Settings asking = requests.settings(r.id());
        Admissions.Selling s = rules.selling(r, a);
        boolean free = a.mode() == RelayAdmission.Mode.FREE;
        return new Info(
                r.subdomain(),
                r.name(),
                r.icon() == null || r.icon().isBlank() ? null : r.icon(),
                r.description() == null ? "" : r.description(),
                a.rules() == null ? "" : a.rules(),
                domains.publicUrl(r),
                joinUrl(r),
                a.mode().wire(),
                free ? 0 : a.priceSats(),
                timing.period().toSeconds(),
                joins.trialOffered(r, a) ? a.trialDays() : 0,
                s.selling(),
                s.reason(),
                asking.askToJoin(),
                asking.terms(),
                asking.terms().isEmpty() ? null : termsUrl(r));
    }

    /**
     * Where the relay's terms are served as plain text: zooid's NIP-11 document has no field Caravel can fill with
     * them, so the join page and the docs give this address instead.
     */
    public String termsUrl(Relay r) {
        return joinUrl(r) + "/terms";
    }

    /** The relay's terms as its owner wrote them ("" when none). */
    public String terms(String subdomain) {
        return requests.settings(relay(subdomain).id()).terms();
    }
}
