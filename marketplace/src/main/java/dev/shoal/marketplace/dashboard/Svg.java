package dev.shoal.marketplace.dashboard;

import dev.shoal.marketplace.dashboard.DashboardQueries.EpochCount;
import dev.shoal.marketplace.dashboard.DashboardQueries.ReplicaRow;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static dev.shoal.service.html.Html.escape;

/** The dashboards' small inline SVG charts. Pure: rows in, markup out; every label is escaped. */
final class Svg {

    static final Map<String, String> STATE_COLOURS = Map.of(
            "PROPOSED", "#9aa5b1", "TRANSFERRING", "#3b82f6", "ACTIVE", "#2e9d4f", "WARNED", "#e0a500",
            "EXPIRED", "#6b7280", "FAILED", "#d64545", "CANCELLED", "#c4c4c4");
    static final Map<String, String> OUTCOME_COLOURS = Map.of("PASSED", "#2e9d4f", "FAILED", "#d64545", "MISSED", "#9aa5b1");
    private static final List<String> OUTCOMES = List.of("PASSED", "FAILED", "MISSED");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Svg() {
    }

    /** What a replica shows as: its deal state, or WARNED for an ACTIVE replica with strikes. */
    static String shownState(ReplicaRow r) {
        return "ACTIVE".equals(r.state()) && r.strikes() > 0 ? "WARNED" : r.state();
    }

    /** The replicas by their agents' region: one column per region, a dot per replica coloured by its state. */
    static String regionMap(List<ReplicaRow> replicas) {
        Map<String, List<ReplicaRow>> byRegion = new TreeMap<>();
        for (ReplicaRow r : replicas) {
            byRegion.computeIfAbsent(r.region() == null || r.region().isBlank() ? "unknown" : r.region(), k -> new java.util.ArrayList<>()).add(r);
        }
        int columns = Math.max(1, byRegion.size());
        int perRow = 6;
        int dot = 22;
        int maxRows = byRegion.values().stream().mapToInt(l -> (l.size() + perRow - 1) / perRow).max().orElse(1);
        int colWidth = perRow * dot + 20;
        int width = columns * (colWidth + 10) + 10;
        int height = 50 + Math.max(1, maxRows) * dot + 20;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"replicas by region\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">");
        if (replicas.isEmpty()) {
            svg.append("<text x=\"10\" y=\"30\">no replicas yet</text></svg>");
            return svg.toString();
        }
        int x = 10;
        for (Map.Entry<String, List<ReplicaRow>> region : byRegion.entrySet()) {
            svg.append("<g class=\"region\" data-region=\"").append(escape(region.getKey())).append("\">")
                    .append("<rect x=\"").append(x).append("\" y=\"5\" width=\"").append(colWidth).append("\" height=\"").append(height - 10)
                    .append("\" rx=\"8\" fill=\"#f3f5f8\" stroke=\"#d5dae1\"/>")
                    .append("<text x=\"").append(x + 10).append("\" y=\"28\" font-weight=\"bold\">").append(escape(region.getKey()))
                    .append(" (").append(region.getValue().size()).append(")</text>");
            int i = 0;
            for (ReplicaRow r : region.getValue()) {
                int cx = x + 10 + (i % perRow) * dot + dot / 2;
                int cy = 45 + (i / perRow) * dot + dot / 2;
                String state = shownState(r);
                svg.append("<circle class=\"replica\" data-state=\"").append(escape(state)).append("\" cx=\"").append(cx).append("\" cy=\"").append(cy)
                        .append("\" r=\"8\" fill=\"").append(STATE_COLOURS.getOrDefault(state, "#000000")).append("\"><title>")
                        .append(escape(state)).append(" on ").append(escape(r.agent())).append(" (").append(escape(r.endpoint()))
                        .append("), order ").append(escape(String.valueOf(r.orderId()))).append("</title></circle>");
                i++;
            }
            svg.append("</g>");
            x += colWidth + 10;
        }
        return svg.append("</svg>").toString();
    }

    /** Decided audits per epoch as stacked bars (passed, failed, missed), epochs labelled by their start (UTC). */
    static String auditChart(List<EpochCount> counts, Duration epoch) {
        TreeMap<Long, Map<String, Long>> byEpoch = new TreeMap<>();
        for (EpochCount c : counts) {
            byEpoch.computeIfAbsent(c.epoch(), k -> new TreeMap<>()).merge(c.outcome(), c.count(), Long::sum);
        }
        int bars = Math.max(1, byEpoch.size());
        int barWidth = 18;
        int chartHeight = 120;
        int left = 40;
        int width = left + bars * (barWidth + 6) + 20;
        int height = chartHeight + 50;
        long max = byEpoch.values().stream().mapToLong(m -> m.values().stream().mapToLong(Long::longValue).sum()).max().orElse(1);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"audits\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"audits per epoch\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">");
        if (byEpoch.isEmpty()) {
            return svg.append("<text x=\"10\" y=\"30\">no audits decided yet</text></svg>").toString();
        }
        svg.append("<line x1=\"").append(left).append("\" y1=\"10\" x2=\"").append(left).append("\" y2=\"").append(10 + chartHeight)
                .append("\" stroke=\"#888\"/><line x1=\"").append(left).append("\" y1=\"").append(10 + chartHeight).append("\" x2=\"")
                .append(width - 10).append("\" y2=\"").append(10 + chartHeight).append("\" stroke=\"#888\"/>")
                .append("<text x=\"").append(left - 6).append("\" y=\"18\" text-anchor=\"end\">").append(max).append("</text>")
                .append("<text x=\"").append(left - 6).append("\" y=\"").append(10 + chartHeight).append("\" text-anchor=\"end\">0</text>");
        int i = 0;
        int labelEvery = Math.max(1, bars / 8);
        for (Map.Entry<Long, Map<String, Long>> e : byEpoch.entrySet()) {
            int x = left + 6 + i * (barWidth + 6);
            double y = 10 + chartHeight;
            for (String outcome : OUTCOMES) {
                long n = e.getValue().getOrDefault(outcome, 0L);
                if (n == 0) {
                    continue;
                }
                double h = (double) n / max * chartHeight;
                y -= h;
                svg.append("<rect class=\"bar\" data-epoch=\"").append(e.getKey()).append("\" data-outcome=\"").append(outcome)
                        .append("\" data-count=\"").append(n).append("\" x=\"").append(x).append("\" y=\"").append(String.format(Locale.ROOT, "%.1f", y))
                        .append("\" width=\"").append(barWidth).append("\" height=\"").append(String.format(Locale.ROOT, "%.1f", h))
                        .append("\" fill=\"").append(OUTCOME_COLOURS.get(outcome)).append("\"><title>epoch ").append(e.getKey()).append(": ")
                        .append(n).append(' ').append(outcome.toLowerCase(Locale.ROOT)).append("</title></rect>");
            }
            if (i % labelEvery == 0) {
                svg.append("<text x=\"").append(x + barWidth / 2).append("\" y=\"").append(chartHeight + 28)
                        .append("\" text-anchor=\"middle\" font-size=\"10\">")
                        .append(CLOCK.format(Instant.ofEpochMilli(e.getKey() * epoch.toMillis()))).append("</text>");
            }
            i++;
        }
        return svg.append("</svg>").toString();
    }

    /** A row of coloured keys. */
    static String legend(Map<String, String> colours, List<String> order) {
        StringBuilder out = new StringBuilder("<p class=\"legend\">");
        for (String key : order) {
            out.append("<span><svg width=\"12\" height=\"12\"><circle cx=\"6\" cy=\"6\" r=\"5\" fill=\"").append(colours.get(key))
                    .append("\"/></svg> ").append(escape(key.toLowerCase(Locale.ROOT))).append("</span> ");
        }
        return out.append("</p>").toString();
    }
}
