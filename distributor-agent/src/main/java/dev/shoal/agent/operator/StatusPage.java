package dev.shoal.agent.operator;

import dev.shoal.agent.content.ContentCatalog;
import dev.shoal.agent.fetch.FetchService;
import dev.shoal.agent.market.MarketView;
import dev.shoal.agent.store.ByteSize;
import dev.shoal.contracts.market.AgentEarnings;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operator's status page ({@code templates/operator/StatusPage.html}): disk, store, contents and pins, bytes
 * served, fetches, and the marketplace link (deals, audits, earnings). Contents are named by their titles where
 * the agent knows them.
 */
@CheckedTemplate(basePath = "operator")
public record StatusPage(String agent, Store store, List<Content> contents, List<Fetch> fetches, Market market)
        implements TemplateInstance {

    private static final String NONE = "—";

    /** @param usedPercent how full the store is, for the meter's width */
    public record Store(String dataDir, String used, String quota, int segments, String usedPercent, String pinned, String diskFree,
                        String diskTotal, int quarantined, String served) {
    }

    public record Content(String title, String contentId, String shortId, int segmentsHeld, int segments, String held, List<String> pins,
                          String served) {
    }

    public record Fetch(String title, String state, int segmentsDone, int segments, String received) {
    }

    /**
     * @param none     what the deal and audit lists say when empty
     * @param earnings the escrow figures, null before the marketplace first answered
     */
    public record Market(String url, String state, String none, List<Deal> deals, List<Audit> audits, Earnings earnings,
                         String earningsState) {
    }

    public record Deal(String title, String contentId, String shortId, String dealId, String state, String pinnedUntil) {
    }

    public record Audit(String title, String contentId, String shortId, String auditId, String outcome, long tookMillis) {
    }

    /** @param chainError why the escrow could not be read; null when the two figures are shown */
    public record Earnings(String chainError, String withdrawable, String claimable, List<DealEarning> deals) {
    }

    public record DealEarning(String title, String contentId, String shortId, String dealId, String state, String escrow,
                              String epochs, String pricePerEpoch, String claimable) {
    }

    static StatusPage of(AgentStatus.Snapshot s) {
        var st = s.store();
        double pct = st.quotaBytes() == 0 ? 0 : Math.min(100, 100.0 * st.usedBytes() / st.quotaBytes());
        Store store = new Store(s.disk().dataDir(), ByteSize.format(st.usedBytes()), ByteSize.format(st.quotaBytes()), st.segments(),
                String.format(Locale.ROOT, "%.1f", pct), ByteSize.format(st.pinnedBytes()), ByteSize.format(s.disk().freeBytes()),
                ByteSize.format(s.disk().totalBytes()), st.quarantined(), ByteSize.format(s.servedBytes()));
        Map<String, String> titles = new HashMap<>();
        List<Content> contents = s.contents().stream().map(h -> {
            titles.put(h.contentId().hex(), h.title());
            return new Content(h.title(), h.contentId().hex(), shortId(h.contentId().hex()), h.segmentsHeld(), h.segments(),
                    ByteSize.format(h.bytesHeld()), h.pins().stream().map(StatusPage::pin).toList(), ByteSize.format(h.servedBytes()));
        }).toList();
        List<Fetch> fetches = s.fetches().stream().map(p -> new Fetch(p.title(), String.valueOf(p.state()), p.segmentsDone(), p.segments(),
                ByteSize.format(p.bytesReceived()))).toList();
        return new StatusPage(s.agent(), store, contents, fetches, market(s.marketplace(), titles));
    }

    private static String pin(ContentCatalog.Pin p) {
        return p.reason() + (p.dealId() == null ? "" : " " + p.dealId()) + (p.untilMillis() == 0 ? "" : " until " + Instant.ofEpochMilli(p.untilMillis()));
    }

    private static Market market(MarketView m, Map<String, String> titles) {
        AgentEarnings e = m.earnings();
        if (e != null) {
            e.deals().stream().filter(d -> d.contentId() != null && d.title() != null).forEach(d -> titles.putIfAbsent(d.contentId(), d.title()));
        }
        List<Deal> deals = m.deals().stream().map(d -> new Deal(titles.get(d.contentId()), d.contentId(), shortId(d.contentId()), d.dealId(), d.state(),
                Instant.ofEpochMilli(d.pinUntilMillis()).toString())).toList();
        List<Audit> audits = m.audits().stream().map(a -> new Audit(titles.get(a.contentId()), a.contentId(), shortId(a.contentId()), a.auditId(), a.outcome(),
                a.tookMillis())).toList();
        return new Market(m.url(), m.state(), m.url() == null ? "no marketplace link yet" : "none", deals, audits,
                e == null ? null : earnings(e), m.earningsState());
    }

    private static Earnings earnings(AgentEarnings e) {
        List<DealEarning> deals = e.deals().stream().map(d -> new DealEarning(d.title(), d.contentId(), shortId(d.contentId()), d.dealId(), d.state(),
                d.escrow() == null ? "not funded yet" : d.slot() == null ? d.escrow()
                        : d.escrow() + ", slot " + d.slot() + " from epoch " + d.fromEpoch() + (d.toEpoch() == null ? "" : " to " + d.toEpoch()),
                d.settledEpochs() == null ? NONE : d.settledEpochs() + "/" + d.epochs(), amount(d.pricePerEpoch(), e), amount(d.claimable(), e)))
                .toList();
        return e.chainError() != null ? new Earnings(e.chainError(), null, null, deals)
                : new Earnings(null, amount(e.withdrawable(), e), amount(e.claimable(), e), deals);
    }

    /** A content id by its first 16 hex digits (the whole of it on hover). */
    private static String shortId(String contentId) {
        return contentId == null ? "" : contentId.substring(0, Math.min(16, contentId.length())) + "…";
    }

    /** Token units as the token's decimal amount and symbol, e.g. "1.5 sUSD". */
    static String amount(String units, AgentEarnings e) {
        if (units == null) {
            return NONE;
        }
        try {
            BigDecimal value = new BigDecimal(new BigInteger(units), e.decimals() == null ? 0 : e.decimals());
            return value.stripTrailingZeros().toPlainString() + (e.token() == null ? "" : " " + e.token());
        } catch (NumberFormatException ex) {
            return units;
        }
    }
}
