package caravel.domain;

/**
 * One plan an operator sells (README "Plans"; the catalog is {@link Plans}, from PLANS or PLANS_FILE).
 *
 * @param price      per month, in the minor unit of the catalog's currency ({@link PriceCurrency}): sats, or cents
 * @param maxMembers null = unlimited
 * @param hidden     not offered to new relays nor as a plan to move to; relays already on it keep it
 */
public record Plan(
        String id, String name, long price, Integer maxMembers, boolean blossom, boolean livekit, boolean hidden) {
    public boolean paid() {
        return price > 0;
    }
}
