package caravel.relayaccess;

import caravel.nostr.Event;
import java.util.Set;

/**
 * Events zooid writes with a relay's own key to keep its state: membership records (8000 member added, 8001 member
 * removed, 13534 the full member list) and the invite claims it signs on request (28935). They are the relay's
 * bookkeeping, not anyone's post: the content browser hides them unless asked and never deletes them, since deleting
 * one would change who zooid counts as a member.
 */
public final class SystemEvents {
    /** The relay's full member list, which zooid keeps (a replaceable event). */
    public static final int MEMBER_LIST = 13534;

    public static final Set<Integer> KINDS = Set.of(8000, 8001, 13534, 28935);

    private SystemEvents() {}

    /** Written by the relay's key, or of a kind only the relay writes. */
    public static boolean isSystem(Event e, String relayPubkey) {
        return e.pubkey().equals(relayPubkey) || KINDS.contains(e.kind());
    }
}
