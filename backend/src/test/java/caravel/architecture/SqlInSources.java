package caravel.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The SQL that main classes run, read from their sources: every string literal and text block of a file (comments
 * and char literals skipped), joined in order so a statement split over concatenated literals reads whole, then
 * searched for statements on the given tables. SQL keywords are written in capitals in this codebase, so the search
 * is case-sensitive: an English sentence that says "update relays" is not a statement. A table name built at run
 * time would escape it; none is.
 */
final class SqlInSources {
    /** One statement's use of a table: the class (top-level, "package.Class" under caravel) and whether it writes. */
    record Use(String owner, String table, boolean write) {}

    private static final Pattern WRITE = Pattern.compile(
            "\\b(?:INSERT(?:\\s+OR\\s+[A-Z]+)?\\s+INTO|REPLACE\\s+INTO|UPDATE(?:\\s+OR\\s+[A-Z]+)?|DELETE\\s+FROM)"
                    + "\\s+([a-z_][a-z0-9_]*)");
    private static final Pattern READ = Pattern.compile("\\b(?:FROM|JOIN)\\s+([a-z_][a-z0-9_]*)");

    private SqlInSources() {}

    /** Every use of one of the tables in the sources under root (a package folder such as src/main/java/caravel). */
    static List<Use> uses(Path root, Set<String> tables) {
        List<Use> uses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String rel = root.relativize(f).toString().replace('\\', '.').replace('/', '.');
                String owner = rel.substring(0, rel.length() - ".java".length());
                String sql = String.join(" ", literals(Files.readString(f)));
                find(WRITE, sql, tables).forEach(t -> uses.add(new Use(owner, t, true)));
                find(READ, sql, tables).forEach(t -> uses.add(new Use(owner, t, false)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }

    private static List<String> find(Pattern p, String sql, Set<String> tables) {
        List<String> found = new ArrayList<>();
        Matcher m = p.matcher(sql);
        while (m.find()) if (tables.contains(m.group(1))) found.add(m.group(1));
        return found;
    }

    /** The contents of the string literals and text blocks of a Java source, in order (escapes left as written). */
    static List<String> literals(String src) {
        return texts(src, false);
    }

    /**
     * The contents of a Java source's string literals and text blocks, in order, and with {@code comments} its
     * comments' text among them (HttpStatusWordsTest reads both).
     */
    static List<String> texts(String src, boolean comments) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (src.startsWith("//", i)) {
                int end = src.indexOf('\n', i);
                end = end < 0 ? n : end;
                if (comments) out.add(src.substring(i + 2, end));
                i = end;
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? n : end;
                if (comments) out.add(src.substring(i + 2, end));
                i = Math.min(n, end + 2);
            } else if (src.startsWith("\"\"\"", i)) {
                int end = closing(src, i + 3, "\"\"\"");
                out.add(src.substring(i + 3, end));
                i = end + 3;
            } else if (c == '"') {
                int end = closing(src, i + 1, "\"");
                out.add(src.substring(i + 1, end));
                i = end + 1;
            } else if (c == '\'') {
                i = closing(src, i + 1, "'") + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    /** Where the quote that closes a literal starts, skipping backslash escapes. */
    private static int closing(String src, int from, String quote) {
        int i = from;
        while (i < src.length()) {
            if (src.charAt(i) == '\\') i += 2;
            else if (src.startsWith(quote, i)) return i;
            else i++;
        }
        throw new IllegalStateException("unclosed literal at " + from);
    }
}
