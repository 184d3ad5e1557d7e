package caravel.relayparts;

import java.util.Set;

/**
 * A relay part written as its {@link Declaration}: a package's part extends this and hands its declaration to the
 * constructor, so the part's file holds only what is its own (its sentences, its tables, the code of what it does).
 */
public abstract class DeclaredPart implements RelayPart {
    private final Declaration declaration;

    protected DeclaredPart(Declaration declaration) {
        if (declaration == null) throw new IllegalArgumentException("a part is declared");
        this.declaration = declaration;
    }

    @Override
    public final String name() {
        return declaration.name();
    }

    @Override
    public final Set<String> tables() {
        return declaration.tables();
    }

    @Override
    public final Declared<BackupSection> backup() {
        return declaration.backup();
    }

    @Override
    public final Declared<Move> move() {
        return declaration.move();
    }

    @Override
    public final Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return declaration.on(event);
    }

    @Override
    public final Declared<Erasure> erased() {
        return declaration.erased();
    }
}
