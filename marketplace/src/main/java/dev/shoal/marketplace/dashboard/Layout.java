package dev.shoal.marketplace.dashboard;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import static dev.shoal.service.html.Html.escape;

/** The frame every dashboard page shares (no script, no outside resource) and the formats they use. */
final class Layout {

    static final String LOGOUT = "/dashboard/logout";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT);

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:0;color:#1d2330;background:#fff}
            header{display:flex;gap:1.5em;align-items:center;padding:.8em 1.5em;background:#0f3b5f;color:#fff}
            header a{color:#fff}header .who{margin-left:auto}
            main{padding:1em 1.5em;max-width:72em}
            table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{padding:.3em .7em;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}
            th{background:#f3f5f8}code{font-size:.85em}.num{text-align:right}.legend span{margin-right:1em}
            .muted{color:#6b7280}.bad{color:#b42318}
            """;

    private Layout() {
    }

    static String page(String title, String user, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " · Shoal</title><style>" + STYLE + "</style></head><body>"
                + "<header><strong>Shoal marketplace</strong><a href=\"/dashboard/creator\">creator</a>"
                + "<a href=\"/dashboard/distributor\">distributor</a>"
                + (user == null ? "" : "<span class=\"who\">signed in as <b>" + escape(user) + "</b> · <a href=\"" + LOGOUT + "\">log out</a></span>")
                + "</header><main><h1>" + escape(title) + "</h1>" + body + "</main></body></html>";
    }

    static String time(OffsetDateTime t) {
        return t == null ? "—" : escape(TIME.format(t.atZoneSameInstant(ZoneOffset.UTC)));
    }

    /** An amount of the escrow token's smallest unit, in tokens when the token is known. */
    static String tokens(BigInteger amount, String symbol, Integer decimals) {
        if (amount == null) {
            return "—";
        }
        if (symbol == null || decimals == null) {
            return escape(amount + " base units");
        }
        return escape(new BigDecimal(amount).movePointLeft(decimals).stripTrailingZeros().toPlainString() + " " + symbol);
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

    static String shortId(Object id) {
        String s = String.valueOf(id);
        return "<code title=\"" + escape(s) + "\">" + escape(s.length() > 10 ? s.substring(0, 10) + "…" : s) + "</code>";
    }
}
