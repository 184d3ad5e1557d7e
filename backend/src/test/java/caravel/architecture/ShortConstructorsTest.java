package caravel.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * No constructor takes more than {@link #MOST} parameters (issue 42): a long positional list is where two arguments of
 * one type get swapped unseen. Collaborators that travel together become one value (a package's deps record), options
 * a builder. Records are data, not wiring: their canonical constructors are left to their components, but their
 * extra constructors (issue 54: telescoping ones of 10 and 9 parameters had grown on {@code Plan}) are held to the
 * same rule. Today's offenders are listed in backend/ratchets/exceptions.txt as "constructor CLASS(N)", each with its
 * reason; the list may only shrink (see {@link RatchetExceptions}).
 */
class ShortConstructorsTest {
    static final int MOST = 8;

    @Test
    void noConstructorTakesMoreThanEightParameters() {
        List<String> over = MainClasses.ALL.stream()
                .flatMap(c -> c.getConstructors().stream())
                .filter(k -> !canonical(k))
                .filter(k -> declared(k) > MOST)
                .map(k -> k.getOwner().getName() + "(" + declared(k) + ")")
                .sorted()
                .toList();
        RatchetExceptions.check("constructor", new TreeSet<>(over), "constructors of at most " + MOST + " parameters");
    }

    /** A record's canonical constructor: the one whose parameters are its components, in order. */
    private static boolean canonical(JavaConstructor k) {
        if (!k.getOwner().isRecord()) return false;
        Class<?>[] components = Arrays.stream(k.getOwner().reflect().getRecordComponents())
                .map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        return Arrays.equals(k.reflect().getParameterTypes(), components);
    }

    /**
     * The parameters the source declares: the compiled constructor of an enum also takes its constant's name and
     * ordinal, and that of an inner, local or anonymous class its outer instance (and what it captures).
     */
    private static int declared(JavaConstructor k) {
        JavaClass owner = k.getOwner();
        int n = k.getRawParameterTypes().size();
        if (owner.isEnum()) return n - 2;
        if (owner.isInnerClass() || owner.isAnonymousClass() || owner.isLocalClass()) return 0;
        return n;
    }
}
