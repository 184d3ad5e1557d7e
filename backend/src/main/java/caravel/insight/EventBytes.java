package caravel.insight;

import caravel.nostr.Event;
import java.util.List;

/**
 * An event's size as its NIP-01 JSON, counted without writing the JSON (a huge event is measured where it lies, never
 * copied): the fixed fields, the content and every tag value in UTF-8, the quotes and separators between them. It
 * leaves out JSON escapes (a quote or newline in the content is two bytes on the wire) and whatever zooid's storage
 * adds (its indexes): the figure is the events' own size, not the disk zooid uses.
 */
final class EventBytes {
    /** {"id":"<64>","pubkey":"<64>","created_at":<n>,"kind":<n>,"tags":[],"content":"","sig":"<128>"} less the values. */
    private static final int FIXED = 64 + 64 + 128 + 75;

    private EventBytes() {}

    static long of(Event e) {
        long n = FIXED;
        n += Long.toString(e.createdAt()).length() + Integer.toString(e.kind()).length();
        n += utf8(e.content());
        List<List<String>> tags = e.tags();
        for (List<String> t : tags) {
            n += 2 + Math.max(0, t.size() - 1); // [ ] and the commas between values
            for (String v : t) n += utf8(v) + 2; // its quotes
        }
        n += Math.max(0, tags.size() - 1); // the commas between tags
        return n;
    }

    static long utf8(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }
}
