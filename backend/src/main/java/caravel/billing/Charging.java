package caravel.billing;

/**
 * How a tenant is charged, as the account page and the price quotes both tell it: what each plan costs, which rail
 * the tenant pays on, what the card charges a period, and what autopay may spend from the tenant's own wallet.
 */
public record Charging(PlanPrices prices, Rails rails, CardPrices cardPrices, Autopay autopay) {}
