package caravel.billing;

import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;

/**
 * A relay's lines on its owner's invoices, as a relay part. They are money records: every operation that crosses the
 * relay's parts leaves them as they are, and billing follows the relay's state through {@code relays.RelayBilling}.
 */
public final class BillingPart implements RelayPart {

    @Override
    public String name() {
        return "billing";
    }

    @Override
    public Set<String> tables() {
        return Set.of("invoice_items");
    }

    @Override
    public Declared<BackupSection> backup() {
        return Declared.nothing(
                "invoices are the account's money records, not the relay's content: no backup holds them");
    }

    @Override
    public Declared<Move> move() {
        return Declared.nothing("its rows are in Caravel's database, which a move between zooid nodes does not change");
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return switch (event) {
            case TRANSFERRED ->
                Declared.nothing(
                        "the lines already invoiced stay the giver's; the next renewal bills the new owner (Relays.changeOwner)");
            case SUSPENDED ->
                Declared.nothing("an open invoice stays payable; the state machine decides what a payment brings back");
            case DELETED ->
                Declared.nothing("billing follows a deletion through relays.RelayBilling, not through this part");
            case UNDELETED ->
                Declared.nothing("billing follows an undo through relays.RelayBilling, not through this part");
            case PURGED -> Declared.nothing("invoices are money records: they stay, naming the purged relay");
        };
    }
}
