package caravel.store;

/**
 * The Stripe Checkout session last handed out to a tenant (all null when none is open), kept on its tenants row.
 *
 * @param createdAt when it was handed out (epoch seconds): a session for a switch from Lightning starts its
 *                  subscription's trial at the end of the cycle it was created in
 */
public record CardCheckout(String id, String url, Long createdAt) {}
