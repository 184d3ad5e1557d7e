package caravel.architecture;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Size ratchets over the main sources (issue 54): no file over {@link #FILE_MOST} lines, no method or constructor
 * body over {@link #METHOD_MOST} lines. A long file is several concerns sharing one name; a long method is steps that
 * want names of their own. Today's offenders are listed in backend/ratchets/exceptions.txt, each with its reason;
 * the list may only shrink (see {@link RatchetExceptions}).
 *
 * <p>A file's length is its line count; a method's is that of its body, from the line of its opening brace to that
 * of its closing one, blank lines and comments included (as Checkstyle's MethodLength counts by default). The
 * sources are read with the JDK's own parser, so nothing here depends on formatting.
 */
class SizeLimitsTest {
    static final int FILE_MOST = 500;
    static final int METHOD_MOST = 80;
    private static final Path MAIN = Path.of("src/main/java");

    @Test
    void noMainFileIsLongerThanFiveHundredLines() throws IOException {
        Set<String> over = new TreeSet<>();
        for (Path f : sources()) {
            if (Files.readString(f, UTF_8).lines().count() > FILE_MOST) over.add(name(f));
        }
        RatchetExceptions.check("file", over, "main Java files of at most " + FILE_MOST + " lines");
    }

    @Test
    void noMethodIsLongerThanEightyLines() throws IOException {
        Set<String> over = new TreeSet<>();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (var files = javac.getStandardFileManager(null, null, UTF_8)) {
            var task = (JavacTask) javac.getTask(
                    null, files, null, List.of("-proc:none"), null, files.getJavaFileObjectsFromPaths(sources()));
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                String file = name(Path.of(unit.getSourceFile().toUri()));
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitMethod(MethodTree method, Void unused) {
                        if (method.getBody() != null) {
                            long start = positions.getStartPosition(unit, method.getBody());
                            long end = positions.getEndPosition(unit, method.getBody()) - 1;
                            var lines = unit.getLineMap();
                            if (lines.getLineNumber(end) - lines.getLineNumber(start) + 1 > METHOD_MOST) {
                                over.add(file + "#" + qualified(getCurrentPath(), method));
                            }
                        }
                        return super.visitMethod(method, null);
                    }
                }.scan(unit, null);
            }
        }
        RatchetExceptions.check("method", over, "methods and constructors of at most " + METHOD_MOST + " lines");
    }

    /**
     * A method's name within its file: the classes nested inside the file's own (anonymous ones as "new"), then the
     * method's name; a constructor is named after its class.
     */
    private static String qualified(TreePath path, MethodTree method) {
        List<String> names = new ArrayList<>();
        String own = null;
        for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
            Tree t = p.getLeaf();
            if (t instanceof ClassTree c) {
                String simple = c.getSimpleName().toString();
                if (own == null) own = simple;
                if (p.getParentPath().getLeaf() instanceof CompilationUnitTree) break;
                names.addFirst(simple.isEmpty() ? "new" : simple);
            } else if (t instanceof MethodTree m && !names.isEmpty()) {
                names.addFirst(m.getName().toString());
            }
        }
        String name = method.getName().contentEquals("<init>")
                ? own
                : method.getName().toString();
        names.add(name == null || name.isEmpty() ? "new" : name);
        return String.join(".", names);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** A source's path under src/main/java, as the exceptions file names it. */
    private static String name(Path file) {
        return MAIN.toAbsolutePath()
                .relativize(file.toAbsolutePath())
                .toString()
                .replace('\\', '/');
    }
}
