package caravel.billing;

import caravel.store.Relay;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/** The text of billing DMs. Plain text: clients render NIP-17 messages as text. */
public final class Messages {
    // "22 Dec 2026", in English whatever the JVM's locale: the web app writes days the same way (lib/format.ts
    // formatDate), so a sentence from here and a date on the page beside it agree
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("d MMM yyyy", java.util.Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private Messages() {}

    public static String day(long t) {
        return DAY.format(Instant.ofEpochSecond(t));
    }

    static String sats(long n) {
        return String.format("%,d sats", n);
    }

    /** An invoice's amount in its own unit: sats on Lightning, the Stripe currency on card (minor unit → major). */
    public static String money(Invoice inv) {
        if (!inv.onCard()) return sats(inv.amount());
        String cur = inv.card().currency() == null ? "" : inv.card().currency().toUpperCase(java.util.Locale.ROOT);
        return String.format(java.util.Locale.ROOT, "%,.2f %s", inv.amount() / 100.0, cur);
    }

    private static String items(Invoice inv) {
        return inv.items().stream()
                .map(i -> "• " + (i.relayName() == null ? i.relay() : i.relayName()) + " (" + i.plan() + "): "
                        + sats(i.amount()) + ", " + day(i.periodStart()) + " – " + day(i.periodEnd()))
                .collect(Collectors.joining("\n"));
    }

    /** The "please pay" DM of an issued invoice (or one autopay could not pay), with its payment dialog's link. */
    public static String invoiceIssued(Invoice inv, String autopayError, String payLink) {
        StringBuilder sb = new StringBuilder();
        if (autopayError != null)
            sb.append("Autopay could not pay this invoice: ")
                    .append(autopayError)
                    .append("\n\n");
        sb.append("Your Caravel invoice ")
                .append(inv.id())
                .append(" for ")
                .append(money(inv))
                .append(" is due ")
                .append(day(inv.dueAt()))
                .append(".\n\n")
                .append(items(inv))
                .append("\n\nPay it here: ")
                .append(payLink);
        if (inv.bolt11() != null)
            sb.append("\n\nPay with this Lightning invoice:\n").append(inv.bolt11());
        sb.append("\n\nYou can also turn on autopay from your account page.");
        return sb.toString();
    }

    public static String paymentReceived(Invoice inv) {
        return "Payment received: " + money(inv) + " for invoice " + inv.id() + ". Thank you!\n\n" + items(inv);
    }

    static String credited(String invoiceId, long amount) {
        return "We received " + sats(amount) + " for invoice " + invoiceId
                + ", which was already paid or cancelled. It is kept as credit " + "and taken off your next invoice.";
    }

    static String reminder(Invoice inv, long suspendAt, String payLink) {
        return "Reminder: invoice " + inv.id() + " for " + money(inv)
                + " is still unpaid. Your paid relays will be suspended on "
                + day(suspendAt) + " unless it is paid.\n\nPay it here: " + payLink
                + (inv.bolt11() != null ? "\n\nLightning invoice:\n" + inv.bolt11() : "")
                + (inv.onCard()
                        ? "\n\nStripe retries your card; you can also pay it or change your card here:\n"
                                + (inv.card().hostedInvoiceUrl() == null
                                        ? "your account page (Manage card payments)"
                                        : inv.card().hostedInvoiceUrl())
                        : "\n\nA fresh invoice is always available on your account page.");
    }

    static String suspended(Invoice inv, List<Relay> relays, String payLink) {
        return "Your relay" + (relays.size() == 1 ? " " : "s ") + names(relays)
                + (relays.size() == 1 ? " was" : " were")
                + " suspended because invoice " + inv.id() + " (" + money(inv)
                + ") is 7 days overdue. Your data is kept; "
                + "pay the invoice from your account page and " + (relays.size() == 1 ? "it comes" : "they come")
                + " back at once.\n\nPay it here: " + payLink;
    }

    public static String reactivated(List<Relay> relays) {
        return "Thanks for your payment: " + names(relays) + (relays.size() == 1 ? " is" : " are") + " active again.";
    }

    private static String names(List<Relay> relays) {
        return relays.stream().map(r -> r.name() + " (" + r.subdomain() + ")").collect(Collectors.joining(", "));
    }
}
