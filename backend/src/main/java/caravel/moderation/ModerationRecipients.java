package caravel.moderation;

import caravel.store.Relay;
import java.util.List;

/**
 * Who is told that items wait in a relay's moderation queue (the digest DM). Today only the owner: the relay team
 * (admins and moderators) plugs in here when it exists, so the digest needs no change then.
 */
@FunctionalInterface
public interface ModerationRecipients {
    /** The relay's owner alone. */
    ModerationRecipients OWNER = r -> List.of(r.tenant());

    /** The pubkeys (hex) to tell, the owner first; never empty. */
    List<String> of(Relay relay);
}
