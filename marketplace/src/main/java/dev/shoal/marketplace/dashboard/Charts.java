package dev.shoal.marketplace.dashboard;

import dev.shoal.marketplace.dashboard.DashboardQueries.EpochCount;
import dev.shoal.marketplace.dashboard.DashboardQueries.ReplicaRow;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The geometry of the dashboards' charts: where each dot and bar goes, its colour and its label. Pure: rows in,
 * numbers out; the templates {@code dashboard/region-map.html} and {@code dashboard/audit-chart.html} draw them.
 */
public final class Charts {

    static final Map<String, String> STATE_COLOURS = Map.of(
            "PROPOSED", "#9aa5b1", "TRANSFERRING", "#3b82f6", "ACTIVE", "#2e9d4f", "WARNED", "#e0a500",
            "EXPIRED", "#6b7280", "FAILED", "#d64545", "CANCELLED", "#c4c4c4");
    static final Map<String, String> OUTCOME_COLOURS = Map.of("PASSED", "#2e9d4f", "FAILED", "#d64545", "MISSED", "#9aa5b1");
    static final List<String> SHOWN_STATES = List.of("PROPOSED", "TRANSFERRING", "ACTIVE", "WARNED", "FAILED", "EXPIRED", "CANCELLED");
    static final List<String> OUTCOMES = List.of("PASSED", "FAILED", "MISSED");
    private static final String UNKNOWN_COLOUR = "#000000";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final int PER_ROW = 6;
    private static final int DOT = 22;
    private static final int BAR_WIDTH = 18;
    private static final int CHART_HEIGHT = 120;
    private static final int LEFT = 40;
    private static final int MIN_LABEL_GAP = 36;

    private Charts() {
    }

    /** One coloured key of a legend. */
    public record Key(String label, String colour) {
    }

    /** The replicas by their agents' region: one panel per region, a dot per replica coloured by its state. */
    public record RegionMap(int width, int height, List<Region> regions) {
    }

    public record Region(String name, int count, int x, int width, int height, List<Dot> dots) {

        public int labelX() {
            return x + 10;
        }
    }

    public record Dot(String state, int cx, int cy, String colour, String agent, String endpoint, String order) {
    }

    /** Decided audits per epoch as stacked bars (passed, failed, missed), epochs labelled by their start (UTC). */
    public record AuditChart(int width, int height, int left, int baseline, long max, List<Bar> bars, List<Label> labels) {

        /** Where the time axis ends. */
        public int right() {
            return width - 10;
        }

        /** Where the count axis' labels end. */
        public int scaleX() {
            return left - 6;
        }
    }

    public record Bar(long epoch, String outcome, long count, int x, String y, int width, String height, String colour) {

        public String outcomeName() {
            return outcome.toLowerCase(Locale.ROOT);
        }
    }

    public record Label(int x, int y, String text) {
    }

    /** What a replica shows as: its deal state, or WARNED for an ACTIVE replica with strikes. */
    static String shownState(ReplicaRow r) {
        return "ACTIVE".equals(r.state()) && r.strikes() > 0 ? "WARNED" : r.state();
    }

    static String stateColour(String state) {
        return STATE_COLOURS.getOrDefault(state, UNKNOWN_COLOUR);
    }

    static List<Key> keys(Map<String, String> colours, List<String> order) {
        return order.stream().map(k -> new Key(k.toLowerCase(Locale.ROOT), colours.get(k))).toList();
    }

    static RegionMap regionMap(List<ReplicaRow> replicas) {
        Map<String, List<ReplicaRow>> byRegion = new TreeMap<>();
        for (ReplicaRow r : replicas) {
            byRegion.computeIfAbsent(r.region() == null || r.region().isBlank() ? "unknown" : r.region(), k -> new ArrayList<>()).add(r);
        }
        int columns = Math.max(1, byRegion.size());
        int maxRows = byRegion.values().stream().mapToInt(l -> (l.size() + PER_ROW - 1) / PER_ROW).max().orElse(1);
        int colWidth = PER_ROW * DOT + 20;
        int width = columns * (colWidth + 10) + 10;
        int height = 50 + Math.max(1, maxRows) * DOT + 20;
        List<Region> regions = new ArrayList<>();
        int x = 10;
        for (Map.Entry<String, List<ReplicaRow>> region : byRegion.entrySet()) {
            List<Dot> dots = new ArrayList<>();
            int i = 0;
            for (ReplicaRow r : region.getValue()) {
                String state = shownState(r);
                dots.add(new Dot(state, x + 10 + (i % PER_ROW) * DOT + DOT / 2, 45 + (i / PER_ROW) * DOT + DOT / 2, stateColour(state),
                        r.agent(), r.endpoint(), String.valueOf(r.orderId())));
                i++;
            }
            regions.add(new Region(region.getKey(), region.getValue().size(), x, colWidth, height - 10, dots));
            x += colWidth + 10;
        }
        return new RegionMap(width, height, regions);
    }

    static AuditChart auditChart(List<EpochCount> counts, Duration epoch) {
        TreeMap<Long, Map<String, Long>> byEpoch = new TreeMap<>();
        for (EpochCount c : counts) {
            byEpoch.computeIfAbsent(c.epoch(), k -> new TreeMap<>()).merge(c.outcome(), c.count(), Long::sum);
        }
        int bars = Math.max(1, byEpoch.size());
        int width = LEFT + bars * (BAR_WIDTH + 6) + 20;
        int height = CHART_HEIGHT + 50;
        int baseline = 10 + CHART_HEIGHT;
        long max = byEpoch.values().stream().mapToLong(m -> m.values().stream().mapToLong(Long::longValue).sum()).max().orElse(1);
        List<Bar> drawn = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        int i = 0;
        // a label every few bars, never closer than a label is wide
        int labelEvery = Math.max(Math.max(1, bars / 8), Math.ceilDiv(MIN_LABEL_GAP, BAR_WIDTH + 6));
        for (Map.Entry<Long, Map<String, Long>> e : byEpoch.entrySet()) {
            int x = LEFT + 6 + i * (BAR_WIDTH + 6);
            double y = baseline;
            for (String outcome : OUTCOMES) {
                long n = e.getValue().getOrDefault(outcome, 0L);
                if (n == 0) {
                    continue;
                }
                double h = (double) n / max * CHART_HEIGHT;
                y -= h;
                drawn.add(new Bar(e.getKey(), outcome, n, x, decimal(y), BAR_WIDTH, decimal(h), OUTCOME_COLOURS.get(outcome)));
            }
            if (i % labelEvery == 0) {
                labels.add(new Label(x + BAR_WIDTH / 2, CHART_HEIGHT + 28, CLOCK.format(Instant.ofEpochMilli(e.getKey() * epoch.toMillis()))));
            }
            i++;
        }
        return new AuditChart(width, height, LEFT, baseline, max, drawn, labels);
    }

    private static String decimal(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
