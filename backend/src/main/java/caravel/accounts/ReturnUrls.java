package caravel.accounts;

import java.util.List;

/**
 * Where a payment page (Stripe Checkout, the card portal) sends the browser back: the URL a hosting app asked for
 * when its origin is one the operator allows, else our own account page. Never anywhere else, so the platform cannot
 * be used to redirect someone to a site of an attacker's choosing.
 */
public final class ReturnUrls {
    private final String fallback;
    private final List<String> allowedOrigins;

    /**
     * @param appUrl         our web app (the fallback is its /account page)
     * @param allowedOrigins origins whose URLs are honoured (FLOTILLA_ALLOW_ORIGINS and ALLOW_ORIGINS)
     */
    public ReturnUrls(String appUrl, List<String> allowedOrigins) {
        this.fallback = appUrl + "/account";
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** The URL as asked when allowed; our account page otherwise (also when none was asked). */
    public String resolve(String asked) {
        String kept = AccountSettings.allowedReturnUrl(asked, allowedOrigins);
        return kept == null ? fallback : kept;
    }

    public String fallback() {
        return fallback;
    }
}
