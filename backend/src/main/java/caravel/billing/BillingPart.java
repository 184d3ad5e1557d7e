package caravel.billing;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.nothing;

import caravel.relayparts.DeclaredPart;
import caravel.relayparts.Move;

/**
 * A relay's lines on its owner's invoices, as a relay part. They are money records: every operation that crosses the
 * relay's parts leaves them as they are, and billing follows the relay's state through {@code relays.RelayBilling}.
 */
public final class BillingPart extends DeclaredPart {
    public BillingPart() {
        super(part("billing", "invoice_items")
                .backup(nothing(
                        "invoices are the account's money records, not the relay's content: no backup holds them"))
                .move(Move.ROWS_STAY)
                .transferred(nothing("the lines already invoiced stay the giver's; the next renewal bills the new owner"
                        + " (Relays.changeOwner)"))
                .suspended(
                        nothing("an open invoice stays payable; the state machine decides what a payment brings back"))
                .deleted(nothing("billing follows a deletion through relays.RelayBilling, not through this part"))
                .undeleted(nothing("billing follows an undo through relays.RelayBilling, not through this part"))
                .purged(nothing("invoices are money records: they stay, naming the purged relay"))
                .erased(nothing("invoices are the owner's money records; a member is named in none")));
    }
}
