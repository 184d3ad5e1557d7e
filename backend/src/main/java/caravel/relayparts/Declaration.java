package caravel.relayparts;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * One part's declarations, built by name in a fixed order: its name and tables, then its answer to a backup, a move,
 * each {@link Lifecycle} event and a person's {@link Erasure}. Each step returns the next one's type, so a declaration that skips an operation
 * does not compile: a part says, for every operation, what it does or why it does nothing.
 */
public record Declaration(
        String name,
        Set<String> tables,
        Declared<BackupSection> backup,
        Declared<Move> move,
        Map<Lifecycle, Declared<Lifecycle.Reaction>> reactions,
        Declared<Erasure> erased)
        implements RelayPart {
    public Declaration {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a part has a name");
        tables = Set.copyOf(tables);
        reactions = Map.copyOf(reactions);
        for (Lifecycle e : Lifecycle.values())
            if (!reactions.containsKey(e)) throw new IllegalArgumentException(name + " does not answer " + e);
        if (erased == null) throw new IllegalArgumentException(name + " does not answer an erasure");
    }

    /** Starts the declaration of the part {@code name}, which owns {@code tables} (those with a relay's id). */
    public static BackupStep part(String name, String... tables) {
        return new Steps(name, Set.of(tables));
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return reactions.get(event);
    }

    /** Its file in a relay's backup. */
    public interface BackupStep {
        MoveStep backup(Declared<BackupSection> answer);
    }

    /** What follows a move to another zooid node. */
    public interface MoveStep {
        TransferredStep move(Declared<Move> answer);
    }

    /** How it follows a transfer. */
    public interface TransferredStep {
        SuspendedStep transferred(Declared<Lifecycle.Reaction> answer);
    }

    /** How it follows the account's suspension. */
    public interface SuspendedStep {
        DeletedStep suspended(Declared<Lifecycle.Reaction> answer);
    }

    /** How it follows the relay's deletion. */
    public interface DeletedStep {
        UndeletedStep deleted(Declared<Lifecycle.Reaction> answer);
    }

    /** How it follows the deletion's undo. */
    public interface UndeletedStep {
        PurgedStep undeleted(Declared<Lifecycle.Reaction> answer);
    }

    /** How it follows the purge. */
    public interface PurgedStep {
        ErasedStep purged(Declared<Lifecycle.Reaction> answer);
    }

    /** How it ends one person's state on the relay (NIP-62, or an owner's erasure): the last answer. */
    public interface ErasedStep {
        Declaration erased(Declared<Erasure> answer);
    }

    private static final class Steps
            implements BackupStep,
                    MoveStep,
                    TransferredStep,
                    SuspendedStep,
                    DeletedStep,
                    UndeletedStep,
                    PurgedStep,
                    ErasedStep {
        private final String name;
        private final Set<String> tables;
        private final Map<Lifecycle, Declared<Lifecycle.Reaction>> reactions = new EnumMap<>(Lifecycle.class);
        private Declared<BackupSection> backup;
        private Declared<Move> move;

        Steps(String name, Set<String> tables) {
            this.name = name;
            this.tables = tables;
        }

        @Override
        public MoveStep backup(Declared<BackupSection> answer) {
            backup = answer;
            return this;
        }

        @Override
        public TransferredStep move(Declared<Move> answer) {
            move = answer;
            return this;
        }

        private Steps react(Lifecycle event, Declared<Lifecycle.Reaction> answer) {
            reactions.put(event, answer);
            return this;
        }

        @Override
        public SuspendedStep transferred(Declared<Lifecycle.Reaction> answer) {
            return react(Lifecycle.TRANSFERRED, answer);
        }

        @Override
        public DeletedStep suspended(Declared<Lifecycle.Reaction> answer) {
            return react(Lifecycle.SUSPENDED, answer);
        }

        @Override
        public UndeletedStep deleted(Declared<Lifecycle.Reaction> answer) {
            return react(Lifecycle.DELETED, answer);
        }

        @Override
        public PurgedStep undeleted(Declared<Lifecycle.Reaction> answer) {
            return react(Lifecycle.UNDELETED, answer);
        }

        @Override
        public ErasedStep purged(Declared<Lifecycle.Reaction> answer) {
            return react(Lifecycle.PURGED, answer);
        }

        @Override
        public Declaration erased(Declared<Erasure> answer) {
            return new Declaration(name, tables, backup, move, reactions, answer);
        }
    }
}
