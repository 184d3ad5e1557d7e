package caravel.admission;

import caravel.bans.BanRule;
import caravel.crypto.SecretBox;
import caravel.domain.RelayStatus;
import caravel.names.RelayMemberStore;
import caravel.relayaccess.MemberCap;
import caravel.store.Relay;
import java.util.Optional;

/**
 * Whether a relay's join page sells admission now, and the owner's wallet connection behind it. The member count
 * here is the relay's last heard list (a public page must not call zooid on every view); the add itself checks the
 * allowance against the relay, and a payment that finds the relay full leaves the person blocked until there is room.
 */
public record Admissions(SecretBox box, MemberCap caps, RelayMemberStore relayMembers, BanRule bans) {
    public static final String FREE = "free";
    public static final String NO_WALLET = "no_wallet";
    public static final String FULL = "full";
    public static final String INACTIVE = "inactive";

    /** selling, or not with the reason (one of the constants above). */
    public record Selling(boolean selling, String reason) {
        static Selling no(String reason) {
            return new Selling(false, reason);
        }
    }

    public Selling selling(Relay r, RelayAdmission a) {
        if (!a.priced()) return Selling.no(FREE);
        if (r.status() != RelayStatus.ACTIVE) return Selling.no(INACTIVE);
        if (!a.walletConnected()) return Selling.no(NO_WALLET);
        Integer cap = caps.cap(r);
        if (cap != null && relayMembers.countExcept(r.id(), r.tenant()) >= cap) return Selling.no(FULL);
        return new Selling(true, null);
    }

    /** Why no free trial starts now (a join then asks for payment instead). */
    public static final String TRIALS_TODAY = "trials_per_day";

    public static final String TRIAL_SEATS = "trial_seats";

    /**
     * Whether a free trial may start on relay {@code r} now, or why not: at most {@code trialsPerDay} start per day,
     * and trial members hold at most half of the seats that paying (and invited) members do not: however many
     * throw-away keys start trials, half of the free seats stay for people who pay.
     */
    public Optional<String> trialRefusal(Relay r, RelayAdmission a, PaidMemberStore.TrialCounts trials) {
        if (trials.startedSince() >= a.trialsPerDay()) return Optional.of(TRIALS_TODAY);
        Integer cap = caps.cap(r);
        if (cap == null) return Optional.empty();
        // the relay's list counts the trial members already on it; the ones being added are not on it yet
        int others = Math.max(0, relayMembers.countExcept(r.id(), r.tenant()) - trials.onRelay());
        int trialSeats = Math.max(0, cap - others) / 2;
        return trials.open() >= trialSeats ? Optional.of(TRIAL_SEATS) : Optional.empty();
    }

    /**
     * A refusal as forbidden, {@code banned}, for a key banned on the relay (its own ban or a platform ban): a join or trial is refused
     * before any invoice is made or trial day given.
     */
    public void refuseBanned(Relay r, String pubkey) {
        bans.refuse(r, pubkey);
    }

    /** The owner's NWC connection, opened (never logged, never in a view). */
    public Optional<String> walletUrl(RelayAdmission a) {
        if (a.walletEnc() == null) return Optional.empty();
        return Optional.of(box.openString(a.walletEnc(), walletContext(a.relayId())));
    }

    /** The sealing context of a relay's admission wallet: a sealed URL copied to another relay's row does not open. */
    public static String walletContext(String relayId) {
        return "admission-wallet:" + relayId;
    }

    /** Seals an owner's NWC connection for the relay's row. */
    public String sealWallet(String relayId, String nwcUrl) {
        return box.sealString(nwcUrl, walletContext(relayId));
    }
}
