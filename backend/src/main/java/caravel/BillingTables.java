package caravel;

import caravel.billing.InvoiceStore;
import caravel.store.ActivityLog;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * What every part of billing reads and writes, on both rails: the database and its clock, the tenants' and relays'
 * rows, their activity and the invoices. Read whole by {@link BillingAssembly}, {@link LightningBilling} and
 * {@link CardAssembly}, and handed to no billing class: each of those is given the members it uses.
 */
record BillingTables(
        Jdbi jdbi,
        Clock clock,
        TenantStore tenants,
        RelayStore relayStore,
        ActivityLog activity,
        InvoiceStore invoices) {}
