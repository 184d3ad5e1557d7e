package caravel.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an outbound webhook can tell of, by its stable wire name, and the activity log's kinds each is made from: the
 * activity entry is written in the transaction of the change, so the event is recorded exactly when the change is (see
 * {@code store.OutboxStore}). A report is told where it is first recorded (the moderation queue), not by an activity
 * line.
 */
public enum WebhookEvent {
    MEMBER_JOINED("member.joined", Set.of("member_added")),
    MEMBER_LEFT("member.left", Set.of("member_removed", "admission_lapsed", "admission_removed", "member_refused_cap")),
    JOIN_REQUESTED("join.requested", Set.of("join_requested")),
    REPORT_RECEIVED("report.received", Set.of()),
    AUTOMOD_REMOVED("automod.removed", Set.of("automod_removed")),
    PAYMENT_RECEIVED("payment.received", Set.of("invoice_paid", "admission_paid")),
    INVOICE_OVERDUE("invoice.overdue", Set.of("invoice_overdue")),
    RELAY_STATE_CHANGED(
            "relay.state_changed",
            Set.of(
                    "deactivate",
                    "reactivate",
                    "reactivate_pay_first",
                    "provisioned",
                    "provisioning_failed",
                    "first_payment",
                    "suspend_unpaid",
                    "lift_suspension",
                    "admin_unsuspend",
                    "suspend_account",
                    "lift_account_suspension",
                    "lift_account_suspension_pay_first",
                    "delete",
                    "undelete",
                    "undelete_pay_first",
                    "purge")),
    BACKUP_DONE("backup.done", Set.of("backup_taken", "final_backup")),
    BACKUP_FAILED("backup.failed", Set.of("backup_failed")),
    RELAY_TRANSFERRED("relay.transferred", Set.of("ownership_taken")),
    RELAY_PLAN_CHANGED("relay.plan_changed", Set.of("plan_changed"));

    private final String wire;

    @SuppressWarnings("ImmutableEnumChecker") // Set.of: unmodifiable
    private final Set<String> activityKinds;

    WebhookEvent(String wire, Set<String> activityKinds) {
        this.wire = wire;
        this.activityKinds = activityKinds;
    }

    public String wire() {
        return wire;
    }

    /** The event an activity entry of this kind tells, if any. */
    public static Optional<WebhookEvent> ofActivity(String activityKind) {
        String k = activityKind.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.activityKinds.contains(k)).findFirst();
    }

    /** The event of this wire name, if it is one. */
    public static Optional<WebhookEvent> ofWire(String wire) {
        return Arrays.stream(values()).filter(e -> e.wire.equals(wire)).findFirst();
    }
}
