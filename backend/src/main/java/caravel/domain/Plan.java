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

    /**
     * A plan built by name: what is not set is as the catalog has it when a plan's entry does not say (no member limit,
     * no media nor calls, offered, names and custom domains on, {@link #DEFAULT_BACKUPS_KEPT} backups kept).
     */
    public static Builder builder(String id, String name, long price) {
        Builder b = new Builder();
        b.id = id;
        b.name = name;
        b.price = price;
        return b;
    }

    /** Builds a {@link Plan} by field name (see {@link #builder}). */
    public static final class Builder {
        private String id;
        private String name;
        private long price;
        private Integer maxMembers;
        private boolean blossom;
        private boolean livekit;
        private boolean hidden;
        private boolean names = true;
        private boolean customDomain = true;
        private int backupsKept = DEFAULT_BACKUPS_KEPT;

        private Builder() {}

        public Builder maxMembers(Integer maxMembers) {
            this.maxMembers = maxMembers;
            return this;
        }

        public Builder blossom(boolean blossom) {
            this.blossom = blossom;
            return this;
        }

        public Builder livekit(boolean livekit) {
            this.livekit = livekit;
            return this;
        }

        public Builder hidden(boolean hidden) {
            this.hidden = hidden;
            return this;
        }

        public Builder names(boolean names) {
            this.names = names;
            return this;
        }

        public Builder customDomain(boolean customDomain) {
            this.customDomain = customDomain;
            return this;
        }

        public Builder backupsKept(int backupsKept) {
            this.backupsKept = backupsKept;
            return this;
        }

        public Plan build() {
            return new Plan(id, name, price, maxMembers, blossom, livekit, hidden, names, customDomain, backupsKept);
        }
    }

    public boolean paid() {
        return price > 0;
    }
}
