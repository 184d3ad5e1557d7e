package caravel.billing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The web app's deep link to one invoice: its account page with that invoice's payment dialog open
 * ({@code /account?invoice=<id>}, which the page honours), written into the dunning DMs so the person reminded is one
 * tap from paying.
 *
 * @param appUrl the web app's public address (the first PUBLIC_URL)
 */
public record InvoiceLinks(String appUrl) {
    public String pay(String invoiceId) {
        String base = appUrl.endsWith("/") ? appUrl.substring(0, appUrl.length() - 1) : appUrl;
        return base + "/account?invoice=" + URLEncoder.encode(invoiceId, StandardCharsets.UTF_8);
    }
}
