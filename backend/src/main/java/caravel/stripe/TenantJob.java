package caravel.stripe;

/**
 * The payload of stripe.sync: the tenant whose subscription is brought in line. The field name is the queued format,
 * so jobs enqueued by an earlier version still read.
 */
record TenantJob(String tenant) {}
