package caravel.testing;

import caravel.App;
import caravel.Inside;
import caravel.billing.Invoice;

/** Paying an invoice the way a tenant does: a bolt11 from the platform, paid in the wallet, then "I've paid". */
public final class Pay {
    private Pay() {}

    /** @return the payment hash that paid it */
    public static String invoice(App app, MemoryWallet wallet, String invoiceId) {
        try {
            Invoice inv = Inside.of(app).payments().ensureBolt11(invoiceId);
            wallet.pay(inv.paymentHash());
            Inside.of(app).payments().check(invoiceId);
            return inv.paymentHash();
        } catch (Exception e) {
            throw new AssertionError("paying " + invoiceId + ": " + e, e);
        }
    }
}
