package caravel.domain;

/**
 * What a request does to a relay, as far as who may do it is concerned. Every relay route names one, and {@link
 * RelayRole#may} is the one rule that answers it; a new route picks the action it performs, never a role.
 */
public enum RelayAction {
    /** See the relay, its health, members, activity and what moderation shows. */
    VIEW("see this relay"),
    /** Members, invites, names, bans, reports, content, join requests, the moderation queue. */
    MODERATE("moderate this relay"),
    /** Erase a member: their posts removed from the relay for good, their membership, name and figures ended. */
    ERASE("erase a member from this relay"),
    /** Name, address, description, icon, features, custom domain, paid admission's terms, automatic rules, export and
     * import, backups. */
    SETTINGS("change this relay's settings"),
    /** Add, change and remove the team's members (the owner alone adds, changes or removes an admin). */
    TEAM("manage this relay's team"),
    /** Quotes and changes of plan. */
    PLAN("change this relay's plan"),
    /** Invoices and payments for the relay, and the wallet paid admission pays into. */
    BILLING("see or pay this relay's bills"),
    /** Deactivate, reactivate, delete. */
    LIFECYCLE("deactivate, reactivate or delete this relay"),
    /** Offer the relay to another owner. */
    OWNERSHIP("transfer this relay to another owner");

    private final String phrase;

    RelayAction(String phrase) {
        this.phrase = phrase;
    }

    /** The action in the words a refusal uses ("a moderator cannot " + phrase). */
    public String phrase() {
        return phrase;
    }
}
