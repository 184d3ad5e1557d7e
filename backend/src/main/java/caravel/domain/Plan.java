package caravel.domain;

/**
 * One plan an operator sells (docs/billing.md, "Plans"; the catalog is {@link Plans}, from PLANS or PLANS_FILE).
 *
 * @param price      per month, in the minor unit of the catalog's currency ({@link PriceCurrency}): sats, or cents
 * @param maxMembers null = unlimited
 * @param hidden     not offered to new relays nor as a plan to move to; relays already on it keep it
 * @param names      relays on it give members NIP-05 names at their hosts
 * @param customDomain relays on it may be served at their own domain
 * @param backupsKept how many of a relay's scheduled backups are kept (the newest; taken-now and uploaded ones count
 *     too), {@link #DEFAULT_BACKUPS_KEPT} unless the catalog says
 */
public record Plan(
        String id,
        String name,
        long price,
        Integer maxMembers,
        boolean blossom,
        boolean livekit,
        boolean hidden,
        boolean names,
        boolean customDomain,
        int backupsKept) {
    /** Backups kept when the catalog does not say: a week of daily ones. */
    public static final int DEFAULT_BACKUPS_KEPT = 7;

    /** A plan with the default number of backups kept. */
    public Plan(
            String id,
            String name,
            long price,
            Integer maxMembers,
            boolean blossom,
            boolean livekit,
            boolean hidden,
            boolean names,
            boolean customDomain) {
        this(id, name, price, maxMembers, blossom, livekit, hidden, names, customDomain, DEFAULT_BACKUPS_KEPT);
    }

    /** A plan offering names and custom domains, as plans do unless the operator turns them off. */
    public Plan(
            String id, String name, long price, Integer maxMembers, boolean blossom, boolean livekit, boolean hidden) {
        this(id, name, price, maxMembers, blossom, livekit, hidden, true, true);
    }

    public boolean paid() {
        return price > 0;
    }
}
