package caravel.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No constructor takes more than {@link #MOST} parameters (issue 42): a long positional list is where two arguments of
 * one type get swapped unseen. Collaborators that travel together become one value (a package's deps record), options
 * a builder. Records are data, not wiring: their canonical constructors are left to their components.
 */
class ShortConstructorsTest {
    static final int MOST = 8;

    @Test
    void noConstructorTakesMoreThanEightParameters() {
        List<String> over = MainClasses.ALL.stream()
                .filter(c -> !c.isRecord())
                .flatMap(c -> c.getConstructors().stream())
                .filter(k -> declared(k) > MOST)
                .map(k -> k.getOwner().getName() + " (" + declared(k) + ")")
                .sorted()
                .toList();
        assertThat(over).as("constructors with more than %d parameters", MOST).isEmpty();
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
