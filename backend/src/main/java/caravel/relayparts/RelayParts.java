package caravel.relayparts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The registry of relay parts: the wiring registers each package's {@link RelayPart} (as it registers job handlers),
 * then {@link #freeze}s it before anything is served; the operations that cross a relay's parts (backup, restore,
 * moves, deletion and its undo, purge, transfer, suspension) iterate what is here and never name a part.
 */
public final class RelayParts {
    private final List<RelayPart> parts = new ArrayList<>();
    private volatile boolean frozen;

    /** Adds a part; refused once frozen, for a second part of the same name, or a table another part holds. */
    public synchronized void register(RelayPart part) {
        if (frozen) throw new IllegalStateException("relay parts are registered during wiring, before serving");
        Map<String, String> owners = new HashMap<>();
        for (RelayPart p : parts) {
            if (p.name().equals(part.name()))
                throw new IllegalStateException("a relay part named " + part.name() + " is registered already");
            for (String t : p.tables()) owners.put(t, p.name());
        }
        for (String t : part.tables())
            if (owners.containsKey(t))
                throw new IllegalStateException(
                        "the table " + t + " is part " + owners.get(t) + "'s; " + part.name() + " claims it too");
        parts.add(part);
    }

    /** No part is added from now on; the operations may read the parts. */
    public void freeze() {
        frozen = true;
    }

    /** The parts, in the order they were registered. */
    public List<RelayPart> all() {
        if (!frozen) throw new IllegalStateException("relay parts are read once wiring froze them");
        return List.copyOf(parts);
    }

    /** The parts' backup files, in the order a restore applies them. */
    public List<BackupSection> sections() {
        return all().stream()
                .map(p -> p.backup().how())
                .flatMap(Optional::stream)
                .sorted(Comparator.comparingInt(BackupSection::order))
                .toList();
    }

    /** Every part's reaction to {@code e}, in registration order, inside the change's transaction. */
    public void react(Handle h, Lifecycle.Event e) {
        for (RelayPart p : all()) p.on(e.kind()).how().ifPresent(r -> r.react(h, e));
    }

    /**
     * Every part's end of one person's state on a relay: first the ends that must precede the others ({@link
     * Erasure#first}), then the rest in registration order (the team before the members: zooid re-adds the team's
     * keys, so a seat ends before the membership does). Each is idempotent: an erasure that stopped half-way runs every
     * part again.
     */
    public void erase(Erasure.Request request) {
        List<Erasure> ends = all().stream()
                .map(p -> p.erased().how())
                .flatMap(Optional::stream)
                .toList();
        ends.stream().filter(Erasure::runsFirst).forEach(e -> e.erase(request));
        ends.stream().filter(e -> !e.runsFirst()).forEach(e -> e.erase(request));
    }

    /** Every part's follow-up to a move of relay {@code relayId} to another node, once it is switched. */
    public void moved(String relayId) {
        for (RelayPart p : all()) p.move().how().ifPresent(m -> m.moved(relayId));
    }
}
