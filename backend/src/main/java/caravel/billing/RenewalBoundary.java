package caravel.billing;

/**
 * Work a renewal boundary needs from the other rail's provider over the network, done by the periodic run just
 * before it renews the tenant's cycle, outside the renewal's transaction (network calls never hold the database).
 * Renewals started inside other transactions (a request, a payment) do not call it: {@link Rails#renewalWaits} holds
 * them back until the periodic run has the answer.
 */
public interface RenewalBoundary {
    /** Settles what the renewal of the tenant's current cycle depends on; failures leave the renewal waiting. */
    void beforeRenewal(String tenant, long now);

    RenewalBoundary NONE = (tenant, now) -> {};
}
