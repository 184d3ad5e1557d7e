package caravel.domain;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The enums that are stored and sent as their lowercase names (a relay's status and hold, an invoice's status, a
 * rail): one reading and writing of those names for all of them, so a new value needs no code of its own.
 */
public final class WireNames {
    /** Each enum's names, computed once per class (the names are read on every row and every view). */
    private static final ClassValue<Map<Enum<?>, String>> NAMES = new ClassValue<>() {
        @Override
        protected Map<Enum<?>, String> computeValue(Class<?> type) {
            Map<Enum<?>, String> names = new HashMap<>();
            for (Object e : type.getEnumConstants())
                names.put((Enum<?>) e, ((Enum<?>) e).name().toLowerCase(Locale.ROOT));
            return Map.copyOf(names);
        }
    };

    /** Each enum's values by name. */
    private static final ClassValue<Map<String, Enum<?>>> VALUES = new ClassValue<>() {
        @Override
        protected Map<String, Enum<?>> computeValue(Class<?> type) {
            Map<String, Enum<?>> values = new HashMap<>();
            NAMES.get(type).forEach((e, name) -> values.put(name, e));
            return Map.copyOf(values);
        }
    };

    private WireNames() {}

    /** The value's name in the database and the API. */
    public static String of(Enum<?> value) {
        return NAMES.get(value.getDeclaringClass()).get(value);
    }

    /** The value of {@code type} an input names, if any (for refusing anything else with the caller's field). */
    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String wire) {
        if (wire == null) return Optional.empty();
        return Optional.ofNullable(VALUES.get(type).get(wire)).map(type::cast);
    }

    /** The value a stored string names; a string that names none is a corrupt row, refused loudly ({@code what}). */
    public static <E extends Enum<E>> E require(Class<E> type, String wire, String what) {
        return parse(type, wire).orElseThrow(() -> new IllegalArgumentException("unknown " + what + " " + wire));
    }
}
