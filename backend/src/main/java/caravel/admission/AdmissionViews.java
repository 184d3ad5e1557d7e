package caravel.admission;

import caravel.config.Config;
import caravel.store.Relay;

/**
 * A relay's admission settings as its owner sees them ({@link AdmissionSettings.View}): what is set, whether the join
 * page sells now and why not, where the page is, and the platform's period and grace.
 *
 * @param pages  the relays' join pages
 * @param timing the period and grace of monthly admission
 */
record AdmissionViews(Admissions rules, JoinPages pages, Config.PaidAdmission timing) {

    AdmissionSettings.View of(Relay r, RelayAdmission a) {
        Admissions.Selling s = rules.selling(r, a);
        return new AdmissionSettings.View(
                a.mode().wire(),
                a.mode() == RelayAdmission.Mode.FREE ? 0 : a.priceSats(),
                a.mode() == RelayAdmission.Mode.MONTHLY ? a.trialDays() : 0,
                a.rules() == null ? "" : a.rules(),
                new AdmissionSettings.Wallet(
                        a.walletConnected(), a.walletAlias(), a.walletMethods(), a.walletCheckedAt()),
                s.selling(),
                s.reason(),
                pages.joinUrl(r),
                timing.period().toSeconds(),
                timing.grace().toSeconds(),
                a.trialsPerDay());
    }
}
