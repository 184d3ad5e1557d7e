package caravel.relays;

import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Validation;
import caravel.relays.Relays.Changes;

/** The rules a relay's creation and its edits share: the text's form, plans still sold, a subdomain taken. */
final class EditChecks {
    private EditChecks() {}

    /**
     * The new relay's profile by the rules of the form that edits them ({@link Validation}): here,
     * where every way of creating a relay passes (the dashboard's form, Flotilla's API, restore into a new relay, a
     * quote), so none of them can publish in NIP-11 what the form refuses. Normalised as stored (NFC, trimmed).
     */
    static NewRelay withTextChecked(NewRelay n) {
        return n.withProfile(n.profile().checked());
    }

    /** The new relay's subdomain by the form's rules (quotes, which never commit, use one no relay can have). */
    static NewRelay withSubdomainChecked(NewRelay n) {
        Validation.subdomain(n.subdomain());
        return n;
    }

    /** An edit's fields by the same rules as a new relay's; an absent field (null) stays absent. */
    static Changes checked(Changes c) {
        return new Changes(
                c.profile().checked(), c.subdomain() == null ? null : Validation.subdomain(c.subdomain()), c.plan());
    }

    /** A hidden plan is not sold any more: only relays already on it keep it (choosing it again is no change). */
    static void requireOffered(Plan plan, String current) {
        if (plan.hidden() && !plan.id().equals(current))
            throw Failure.invalidField("plan", "the " + plan.name() + " plan is no longer offered; choose another");
    }

    static Failure subdomainTaken(String subdomain) {
        return new Failure(
                Failure.Kind.CONFLICT,
                "subdomain_taken",
                "subdomain",
                "subdomain '" + subdomain + "' is already taken");
    }
}
