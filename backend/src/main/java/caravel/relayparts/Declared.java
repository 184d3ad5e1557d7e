package caravel.relayparts;

import java.util.Optional;

/**
 * A part's answer for one operation: what it does (a sentence and the code that does it), or that it does nothing and
 * why. Every part answers for every operation, so a part added without a thought for a deletion or a restore fails to
 * compile, and the crossing matrix can list each answer.
 */
public sealed interface Declared<T> {
    /** The sentence: what the part does, or why it does nothing. */
    String says();

    /** The code that does it; empty for {@link Nothing}. */
    Optional<T> how();

    /** The part does {@code what}, by {@code how}. */
    static <T> Declared<T> does(String what, T how) {
        return new Does<>(what, how);
    }

    /** The part does nothing {@code because}. */
    static <T> Declared<T> nothing(String because) {
        return new Nothing<>(because);
    }

    record Does<T>(String says, T it) implements Declared<T> {
        public Does {
            if (says == null || says.isBlank()) throw new IllegalArgumentException("say what the part does");
            if (it == null) throw new IllegalArgumentException("a part that does something gives the code");
        }

        @Override
        public Optional<T> how() {
            return Optional.of(it);
        }
    }

    record Nothing<T>(String says) implements Declared<T> {
        public Nothing {
            if (says == null || says.isBlank()) throw new IllegalArgumentException("say why the part does nothing");
        }

        @Override
        public Optional<T> how() {
            return Optional.empty();
        }
    }
}
