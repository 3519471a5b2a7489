package dev.shoal.agent.store;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as operators write them: {@code 50GB} (decimal, like disk labels), {@code 2GiB} (binary), {@code 1048576}. */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kmgtp]?i?b?)\\s*", Pattern.CASE_INSENSITIVE);

    private ByteSize() {
    }

    public static long parse(String text) {
        Matcher m = text == null ? null : SIZE.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (write e.g. 50GB, 500MiB or a number of bytes)");
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        boolean binary = unit.contains("i");
        int power = unit.isEmpty() || unit.equals("b") ? 0 : "kmgtp".indexOf(unit.charAt(0)) + 1;
        BigDecimal factor = BigDecimal.valueOf(binary ? 1024 : 1000).pow(power);
        try {
            return new BigDecimal(m.group(1)).multiply(factor).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("not a whole number of bytes, or too large: '" + text + "'");
        }
    }

    public static String format(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
