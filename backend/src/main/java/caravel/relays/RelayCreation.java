package caravel.relays;

import caravel.crypto.SecretBox;
import caravel.domain.Epoch;
import caravel.nostr.Schnorr;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.Relays.Created;
import caravel.relays.Relays.InSameTransaction;
import caravel.store.Ids;
import caravel.store.Sql;
import caravel.zooid.RelaySecrets;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** A relay's creation: its id and sealed key made, then its row written in one transaction ({@link RelayFounding}). */
public record RelayCreation(Jdbi jdbi, Clock clock, SecretBox box, RelayFounding founding) {

    /** Creates the relay and runs {@code also} in the same transaction (a refusal there makes no relay). */
    Created create(NewRelay given, Actor by, InSameTransaction also) {
        NewRelay n = EditChecks.withSubdomainChecked(given);
        long now = Epoch.seconds(clock);
        String id = Ids.newId();
        String sealed = box.seal(Schnorr.newSecret(), RelaySecrets.context(id));
        try {
            return jdbi.inTransaction(h -> {
                Created created = founding.createIn(h, n, by, id, sealed, now);
                also.run(h, created.relay());
                return created;
            });
        } catch (UnableToExecuteStatementException e) {
            if (Sql.isUniqueViolation(e)) throw EditChecks.subdomainTaken(n.subdomain());
            throw e;
        }
    }

    /** create() inside the caller's transaction (quotes run it and roll back). */
    Created createIn(org.jdbi.v3.core.Handle h, NewRelay n, Actor by, String id, String sealed, long now) {
        return founding.createIn(h, n, by, id, sealed, now);
    }

    /** How many more free relays the tenant may hold now (the quota's hint). */
    int freeRelaysLeft(org.jdbi.v3.core.Handle h, String tenant) {
        return founding.freeRelaysLeft(h, tenant);
    }
}
