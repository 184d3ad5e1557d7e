package caravel.billing;

import caravel.domain.Failure;
import caravel.domain.InvoiceStatus;
import caravel.nostr.Nip19;
import java.util.List;

/** A printable receipt of a paid invoice (the web app renders it at /receipts/:id). */
public record Receipt(
        String platform,
        String invoice,
        String tenant,
        String npub,
        long amount,
        long creditApplied,
        long amountPaid,
        long paidAt,
        String paymentHash,
        String kind,
        List<Invoice.Item> items) {

    /** The receipt of a paid invoice, issued by the named platform; an unpaid invoice has none. */
    public static Receipt of(Invoice inv, String platform) {
        if (inv.status() != InvoiceStatus.PAID)
            throw Failure.conflict("invoice is " + inv.status() + ": receipts exist for paid invoices only");
        return new Receipt(
                platform,
                inv.id(),
                inv.tenant(),
                Nip19.npub(inv.tenant()),
                inv.amount(),
                inv.creditApplied(),
                inv.amount() - inv.creditApplied(),
                inv.paidAt(),
                inv.paidHash(),
                inv.kind(),
                inv.items());
    }
}
