package caravel.relayparts;

/**
 * What a part does once an administrator's move of its relay to another zooid node has switched it (the relay's row
 * names the new node): called with the relay's id.
 */
@FunctionalInterface
public interface Move {
    void moved(String relayId);
}
