package dev.shoal.marketplace.dashboard;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the dashboards write times, amounts, sizes and long ids. Text only: the templates escape it. */
public final class Formats {

    static final String NONE = "—";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT);

    private Formats() {
    }

    static String time(OffsetDateTime t) {
        return t == null ? NONE : TIME.format(t.atZoneSameInstant(ZoneOffset.UTC));
    }

    /** An amount of the escrow token's smallest unit, in tokens when the token is known. */
    static String tokens(BigInteger amount, String symbol, Integer decimals) {
        if (amount == null) {
            return NONE;
        }
        if (symbol == null || decimals == null) {
            return amount + " base units";
        }
        return new BigDecimal(amount).movePointLeft(decimals).stripTrailingZeros().toPlainString() + " " + symbol;
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** A long id (address, content id, order id) shown by its first characters, the whole of it on hover. */
    public record ShortId(String full, String text) {

        static ShortId of(Object id) {
            String s = String.valueOf(id);
            return new ShortId(s, s.length() > 10 ? s.substring(0, 10) + "…" : s);
        }
    }
}
