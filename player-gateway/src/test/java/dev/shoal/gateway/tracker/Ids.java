package dev.shoal.gateway.tracker;

import java.util.ArrayList;
import java.util.List;

/** Binary ids for tests. */
final class Ids {

    private Ids() {
    }

    /** The 20-character id whose byte i is {@code (first + i) & 0xFF}. */
    static String from(int first) {
        StringBuilder id = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            id.append((char) ((first + i) & 0xFF));
        }
        return id.toString();
    }

    /** 13 ids that together hold every byte value 0..255. */
    static List<String> everyByte() {
        List<String> ids = new ArrayList<>();
        for (int first = 0; first < 256; first += 20) {
            ids.add(from(first));
        }
        return ids;
    }

    /** A readable id: the text padded with '.' to 20 characters. */
    static String named(String text) {
        return (text + ".".repeat(20)).substring(0, 20);
    }
}
