package caravel.admission;

import caravel.auth.Principal;
import caravel.billing.LightningWallet;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.InvisibleCharacters;
import caravel.domain.Validation;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayTransitions;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/**
 * What a relay's owner sets about paid admission: free (invite only), a one-time price or a price per period, a free
 * trial for monthly admission, the community's rules, and the owner's own wallet that makes the invoices. A wallet is
 * checked when it is connected (its get_info must offer make_invoice and lookup_invoice), sealed, and never shown or
 * logged again. A priced admission may be saved before a wallet is connected: the join page then does not sell
 * (reason no_wallet) until one is, so an owner can set the price and connect the wallet in either order.
 */
public final class AdmissionSettings {
    public static final long MAX_PRICE_SATS = 100_000_000;
    public static final int MAX_TRIAL_DAYS = 90;
    public static final int MAX_TRIALS_PER_DAY = 1000;
    public static final int MAX_RULES = 4000;
    /** What a wallet must offer for a join page: making the invoice and proving it was paid. */
    static final List<String> NEEDED_METHODS = List.of("make_invoice", "lookup_invoice");

    /** The owner's wallet as a view shows it: never the connection itself. */
    public record Wallet(boolean connected, String alias, List<String> methods, Long checkedAt) {}

    /** AdmissionSettings of the API. */
    public record View(
            String mode,
            long priceSats,
            int trialDays,
            String rules,
            Wallet wallet,
            boolean selling,
            String notSellingReason,
            String joinUrl,
            long periodSeconds,
            long graceSeconds,
            int trialsPerDay) {}

    /**
     * One request's settings. A null {@code priceSats}, {@code trialDays} or {@code rules} keeps what is set (a price
     * is still required for a priced mode that has none); {@code nwcGiven} false keeps the wallet, true with a null
     * {@code nwcUrl} disconnects it.
     */
    public record Change(
            String mode,
            Long priceSats,
            Long trialDays,
            String rules,
            boolean nwcGiven,
            String nwcUrl,
            Long trialsPerDay) {
        public Change(String mode, Long priceSats, Long trialDays, String rules, boolean nwcGiven, String nwcUrl) {
            this(mode, priceSats, trialDays, rules, nwcGiven, nwcUrl, null);
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final AdmissionStore admissions;
    private final ActivityLog activity;
    private final OwnerWalletCheck wallets;
    private final RelayTransitions transitions;
    private final AdmissionViews views;

    /**
     * @param wallets     checks and seals the wallet an owner connects
     * @param transitions what a suspended account may not change (its relays' admission included)
     */
    AdmissionSettings(
            Jdbi jdbi,
            Clock clock,
            AdmissionStore admissions,
            ActivityLog activity,
            OwnerWalletCheck wallets,
            RelayTransitions transitions,
            AdmissionViews views) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.admissions = admissions;
        this.activity = activity;
        this.wallets = wallets;
        this.transitions = transitions;
        this.views = views;
    }

    public View view(Relay r) {
        return view(r, admissions.find(r.id()));
    }

    View view(Relay r, RelayAdmission a) {
        return views.of(r, a);
    }

    /**
     * Applies {@code c} to relay {@code r} for {@code p} (the owner, or an administrator, who may change the price and
     * disconnect but never connect a wallet: the wallet receives the members' money, so only the owner names it, and
     * only with a fresh NIP-98 signature, as a stolen session or reusable token must not redirect the payments).
     */
    public View update(Relay r, Principal p, Change c) {
        Actor actor = p.actor();
        RelayStateMachine.Role who = p.admin() ? RelayStateMachine.Role.ADMIN : RelayStateMachine.Role.TENANT;
        // a suspended account hears that first, before its wallet is asked anything
        jdbi.useHandle(h -> transitions.checkEditable(h, r, who));
        RelayAdmission.Mode mode = mode(c.mode());
        RelayAdmission current = admissions.find(r.id());
        long price = price(mode, c.priceSats(), current);
        int trial = trialDays(mode, c.trialDays(), current);
        int trialsPerDay = trialsPerDay(c.trialsPerDay(), current);
        String text = rules(c.rules(), current);
        String nwc = c.nwcGiven() && c.nwcUrl() != null ? c.nwcUrl().strip() : null;
        if (c.nwcGiven() && nwc == null && mode != RelayAdmission.Mode.FREE)
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    "wallet_needed",
                    "nwc_url",
                    "A priced admission needs the wallet that makes its invoices: set the mode to free to disconnect"
                            + " it, or connect another wallet instead.");
        if (nwc != null && !actor.key().equals(r.tenant()))
            throw Failure.forbidden(
                    "only the relay's owner can connect the wallet that receives its admission payments");
        if (nwc != null && !p.freshSignature())
            throw Failure.forbidden(
                    "connecting a wallet needs a fresh signature (NIP-98), not a session or a reusable token");
        long now = Epoch.seconds(clock);
        RelayAdmission next;
        if (!c.nwcGiven())
            next = new RelayAdmission(
                    r.id(),
                    mode,
                    price,
                    trial,
                    text,
                    current.walletEnc(),
                    current.walletAlias(),
                    current.walletMethods(),
                    current.walletCheckedAt(),
                    now,
                    trialsPerDay);
        else if (nwc == null)
            next = new RelayAdmission(r.id(), mode, price, trial, text, null, null, List.of(), null, now, trialsPerDay);
        else {
            LightningWallet.Info info = wallets.check(r, nwc);
            next = new RelayAdmission(
                    r.id(),
                    mode,
                    price,
                    trial,
                    text,
                    wallets.seal(r.id(), nwc),
                    alias(info.alias()),
                    info.methods() == null ? List.of() : methods(info.methods()),
                    now,
                    now,
                    trialsPerDay);
        }
        jdbi.useTransaction(h -> {
            transitions.checkEditable(h, r, who); // suspended while the wallet was being checked
            admissions.put(h, next);
            activity.add(h, r.tenant(), r.id(), "admission", describe(current, next, c), actor, now);
        });
        return view(r, next);
    }

    private static RelayAdmission.Mode mode(String wire) {
        if (wire == null) throw Failure.invalidField("mode", "mode is required: free, once or monthly");
        return switch (wire) {
            case "free" -> RelayAdmission.Mode.FREE;
            case "once" -> RelayAdmission.Mode.ONCE;
            case "monthly" -> RelayAdmission.Mode.MONTHLY;
            default -> throw Failure.invalidField("mode", "mode must be free, once or monthly");
        };
    }

    /** Free stores no price; a priced mode needs one from 1 to 100,000,000 sats (given now or set before). */
    private static long price(RelayAdmission.Mode mode, Long given, RelayAdmission current) {
        if (given != null && (given < 0 || given > MAX_PRICE_SATS))
            throw Failure.invalidField("price_sats", "price_sats must be from 1 to 100,000,000 sats");
        if (mode == RelayAdmission.Mode.FREE) return 0;
        long price = given != null ? given : current.priceSats();
        if (price < 1)
            throw Failure.invalidField(
                    "price_sats", "price_sats is required for a " + mode.wire() + " admission: from 1 to 100,000,000");
        return price;
    }

    /** A trial is a monthly admission's; other modes store none (a form may still send the field it showed). */
    private static int trialDays(RelayAdmission.Mode mode, Long given, RelayAdmission current) {
        if (given != null && (given < 0 || given > MAX_TRIAL_DAYS))
            throw Failure.invalidField("trial_days", "trial_days must be from 0 to 90");
        if (mode != RelayAdmission.Mode.MONTHLY) return 0;
        return given != null ? given.intValue() : current.trialDays();
    }

    /** How many free trials may start per day: 0 (none) to 1000; unset keeps what is set. */
    private static int trialsPerDay(Long given, RelayAdmission current) {
        if (given == null) return current.trialsPerDay();
        if (given < 0 || given > MAX_TRIALS_PER_DAY)
            throw Failure.invalidField("trials_per_day", "trials_per_day must be from 0 to " + MAX_TRIALS_PER_DAY);
        return given.intValue();
    }

    private static String rules(String given, RelayAdmission current) {
        if (given == null) return current.rules() == null ? "" : current.rules();
        // shown on the public join page: a bidi override there could make the rules read other than they are
        return Validation.text("rules", given, MAX_RULES, true);
    }

    /** The wallet's name as shown to its owner: bounded, nothing control, invisible or direction-changing. */
    private static String alias(String alias) {
        if (alias == null) return null;
        String t =
                InvisibleCharacters.remove(alias.replaceAll("\\p{Cntrl}", "")).strip();
        if (t.isEmpty()) return null;
        return t.length() > 100 ? t.substring(0, 100) : t;
    }

    /** The NIP-47 method names the wallet offered (stored space-separated): plain words only, at most 40. */
    private static List<String> methods(List<String> offered) {
        return offered.stream()
                .filter(m -> m != null && m.matches("[a-z_]{1,40}"))
                .distinct()
                .limit(40)
                .toList();
    }

    /** The activity entry: what the admission is now, and what happened to the wallet. */
    private static String describe(RelayAdmission before, RelayAdmission after, Change c) {
        String what = switch (after.mode()) {
            case FREE -> "Admission set to free (invite only)";
            case ONCE -> "Admission set to " + sats(after.priceSats()) + " once";
            case MONTHLY ->
                "Admission set to " + sats(after.priceSats()) + " per period"
                        + (after.trialDays() > 0
                                ? " with a " + after.trialDays() + "-day free trial (at most " + after.trialsPerDay()
                                        + " a day)"
                                : "");
        };
        if (c.nwcGiven() && after.walletConnected())
            what += "; wallet connected" + (after.walletAlias() == null ? "" : " (" + after.walletAlias() + ")");
        else if (c.nwcGiven() && before.walletConnected()) what += "; wallet disconnected";
        return what;
    }

    private static String sats(long n) {
        return String.format(Locale.ROOT, "%,d sats", n);
    }
}
