package caravel.archive;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines with two bounds: the whole stream (reading stops once more than {@code maxTotal}
 * bytes came) and each line (bytes past {@code maxLine} are read and dropped, and the line is marked truncated), so
 * memory stays at one line however the input is shaped. Lines end at LF; a CR before it is dropped; empty lines are
 * skipped but counted in line numbers.
 */
final class LineReader {
    /** One line: its bytes up to {@code length}, its 1-based number, and whether it was cut or the bound was hit. */
    record Line(int number, byte[] bytes, int length, boolean truncated, boolean overBound) {}

    private final InputStream in;
    private final long maxTotal;
    private final int maxLine;
    private final byte[] buf = new byte[64 * 1024];
    private int pos, end;
    private long total;
    private int number;
    private byte[] line;

    LineReader(InputStream in, long maxTotal, int maxLine) {
        this.in = in;
        this.maxTotal = maxTotal;
        this.maxLine = maxLine;
        this.line = new byte[Math.min(maxLine, 8192)];
    }

    /** The number of the last line returned. */
    int number() {
        return number;
    }

    /** The next non-empty line, a line marked {@code overBound} once the stream passed its bound, or null at the end. */
    Line next() throws IOException {
        while (true) {
            int len = 0;
            boolean truncated = false, sawAny = false, ended = false;
            while (true) {
                if (pos == end) {
                    end = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (end < 0) {
                        end = 0;
                        ended = true;
                        break;
                    }
                    total += end;
                    if (total > maxTotal) return new Line(number + 1, line, 0, false, true);
                }
                byte b = buf[pos++];
                sawAny = true;
                if (b == '\n') break;
                if (len < maxLine) {
                    if (len == line.length) line = java.util.Arrays.copyOf(line, Math.min(maxLine, line.length * 2));
                    line[len++] = b;
                } else truncated = true;
            }
            if (!sawAny && ended) return null;
            number++;
            if (!truncated && len > 0 && line[len - 1] == '\r') len--;
            if (len == 0 && !truncated) {
                if (ended) return null;
                continue;
            }
            return new Line(number, line, len, truncated, false);
        }
    }
}
