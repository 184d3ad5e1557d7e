package caravel.erasure;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.nothing;

import caravel.relayparts.DeclaredPart;
import caravel.relayparts.Move;

/** A relay's record of the people erased from it, as a relay part. */
public final class ErasurePart extends DeclaredPart {
    ErasurePart() {
        super(part("erasure", "erasures")
                .backup(nothing("the record of erasures is not restored: a restore brings back only what the backup"
                        + " holds, and a backup taken after an erasure no longer holds the person"))
                .move(Move.ROWS_STAY)
                .transferred(nothing("the record stays with the relay for the new owner"))
                .suspended(nothing("an erasure under way waits for the relay to be served again (its job retries)"))
                .deleted(nothing("the record stays for the undo window"))
                .undeleted(nothing("the record stayed through the deletion"))
                .purged(nothing(
                        "the record outlives the relay: its backups stay after the purge (the final one above all)"
                                + " and any of them restored into a new relay must still leave the erased people out, which"
                                + " only this record tells (backups.ErasedPeople reads it by the backup's relay)"))
                .erased(nothing("this part is the erasure's own record: it says what was done")));
    }
}
