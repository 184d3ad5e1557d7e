package caravel.billing;

import caravel.domain.InvoiceStatus;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import org.jdbi.v3.core.Jdbi;

/**
 * The issue job of a new invoice ({@link Invoicing#JOB_ISSUE}): its bolt11 from the platform wallet, then the autopay
 * job when the tenant has a wallet connected, else, for a renewal, a "please pay" DM.
 */
public record InvoiceIssue(
        Jdbi jdbi,
        TenantStore tenants,
        JobQueue jobs,
        Notices notices,
        PaymentConfirmation payments,
        InvoiceLinks links) {
    /** The issue job: a bolt11 for a new invoice, then the autopay job (within the budget) or a "please pay" DM for renewals. */
    public void issue(String invoiceId) throws LightningWallet.WalletException {
        Invoice inv = payments.ensureBolt11(invoiceId);
        if (inv.status() != InvoiceStatus.PENDING) return;
        Tenant t = tenants.find(inv.tenant()).orElseThrow();
        if (t.nwcUrlEnc() != null && inv.autopayStartedAtUnset()) {
            // the tenant's wallet is called from its own job kind (App runs it apart), never the shared runner
            jdbi.useHandle(h -> jobs.enqueue(
                    h, Autopay.JOB_AUTOPAY, JobPayloads.write(new InvoiceJob(invoiceId)), "autopay:" + invoiceId, 5));
        } else if (inv.kind().equals("renewal")) {
            jdbi.useHandle(h -> notices.send(
                    h,
                    inv.tenant(),
                    null,
                    Messages.invoiceIssued(inv, null, links.pay(inv.id())),
                    "dm:invoice:" + inv.id()));
        }
    }

    /** The issue job ({@link Invoicing#JOB_ISSUE}). */
    public JobHandler issueHandler() {
        return job -> issue(JobPayloads.read(job.payload(), InvoiceJob.class).invoice());
    }
}
