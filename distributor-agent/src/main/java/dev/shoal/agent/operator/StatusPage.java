package dev.shoal.agent.operator;

import dev.shoal.agent.content.ContentCatalog;
import dev.shoal.agent.fetch.FetchService;
import dev.shoal.agent.market.MarketView;
import dev.shoal.agent.store.ByteSize;
import dev.shoal.contracts.market.AgentEarnings;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.service.html.Html;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

/**
 * The operator's page at {@code /} and {@code /status}: disk, store, contents and pins, bytes served, fetches,
 * and the marketplace link (deals, audits, earnings). Answers only on the loopback interface: it is for the
 * person at this machine, not for the viewers the agent serves.
 */
@Path("/")
public class StatusPage {

    private final AgentStatus status;

    public StatusPage(AgentStatus status) {
        this.status = status;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public String root(@Context HttpServerRequest request) {
        return page(request);
    }

    @GET
    @Path("status")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The local status page (loopback clients only)")
    public String page(@Context HttpServerRequest request) {
        String remote = request.remoteAddress() == null ? "" : request.remoteAddress().host();
        if (!(remote.equals("127.0.0.1") || remote.equals("0:0:0:0:0:0:0:1") || remote.equals("::1") || remote.startsWith("127."))) {
            throw new ProblemException(ProblemType.FORBIDDEN, "the status page answers on this machine only");
        }
        return render(status.snapshot());
    }

    static String render(AgentStatus.Snapshot s) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<!doctype html><html lang=en><head><meta charset=utf-8><meta http-equiv=refresh content=5>")
                .append("<title>Shoal agent</title><style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border-bottom:1px solid #ddd;padding:.3em .8em;")
                .append("text-align:left}th{background:#f4f4f4}.bar{background:#eee;width:30em;height:1em}.bar div{background:#2a7;height:1em}")
                .append(".muted{color:#777}</style></head><body>");
        b.append("<h1>Shoal distributor agent</h1><p>Agent address <code>").append(esc(s.agent())).append("</code></p>");
        var st = s.store();
        double pct = st.quotaBytes() == 0 ? 0 : Math.min(100, 100.0 * st.usedBytes() / st.quotaBytes());
        b.append("<h2>Disk</h2><table>")
                .append(row("data folder", esc(s.disk().dataDir())))
                .append(row("store", ByteSize.format(st.usedBytes()) + " used of " + ByteSize.format(st.quotaBytes())
                        + " quota (" + st.segments() + " segments)"))
                .append(row("", "<div class=bar><div style='width:" + String.format(java.util.Locale.ROOT, "%.1f", pct) + "%'></div></div>"))
                .append(row("pinned", ByteSize.format(st.pinnedBytes())))
                .append(row("disk free", ByteSize.format(s.disk().freeBytes()) + " of " + ByteSize.format(s.disk().totalBytes())))
                .append(row("quarantined files", Integer.toString(st.quarantined())))
                .append(row("bytes served", ByteSize.format(s.servedBytes())))
                .append("</table>");
        b.append("<h2>Contents</h2>");
        if (s.contents().isEmpty()) {
            b.append("<p class=muted>none yet: <code>distributor-agent fetch MANIFEST --source URL|DIR</code></p>");
        } else {
            b.append("<table><tr><th>title</th><th>content id</th><th>held</th><th>pins</th><th>served</th></tr>");
            for (ContentCatalog.Holding h : s.contents()) {
                StringBuilder pins = new StringBuilder();
                for (ContentCatalog.Pin p : h.pins()) {
                    pins.append(p.reason()).append(p.dealId() == null ? "" : " " + esc(p.dealId()))
                            .append(p.untilMillis() == 0 ? "" : " until " + Instant.ofEpochMilli(p.untilMillis())).append("<br>");
                }
                b.append("<tr><td>").append(esc(h.title())).append("</td><td><code>").append(h.contentId().hex(), 0, 16)
                        .append("…</code></td><td>").append(h.segmentsHeld()).append('/').append(h.segments()).append(" (")
                        .append(ByteSize.format(h.bytesHeld())).append(")</td><td>").append(pins.isEmpty() ? "—" : pins)
                        .append("</td><td>").append(ByteSize.format(h.servedBytes())).append("</td></tr>");
            }
            b.append("</table>");
        }
        if (!s.fetches().isEmpty()) {
            b.append("<h2>Fetches</h2><table><tr><th>content</th><th>state</th><th>segments</th><th>received</th></tr>");
            for (FetchService.Progress p : s.fetches()) {
                b.append("<tr><td>").append(esc(p.title())).append("</td><td>").append(p.state()).append("</td><td>")
                        .append(p.segmentsDone()).append('/').append(p.segments()).append("</td><td>")
                        .append(ByteSize.format(p.bytesReceived())).append("</td></tr>");
            }
            b.append("</table>");
        }
        MarketView m = s.marketplace();
        b.append("<h2>Marketplace</h2><table>").append(row("link", m.url() == null ? esc(m.state())
                : esc(m.url()) + " — " + esc(m.state()))).append("</table>");
        b.append("<h3>Deals</h3>").append(m.deals().isEmpty() ? "<p class=muted>" + (m.url() == null ? "no marketplace link yet" : "none") + "</p>" : "");
        if (!m.deals().isEmpty()) {
            b.append("<table><tr><th>deal</th><th>content</th><th>state</th><th>pinned until</th></tr>");
            for (MarketView.DealView d : m.deals()) {
                b.append("<tr><td>").append(esc(d.dealId())).append("</td><td><code>").append(esc(d.contentId()))
                        .append("</code></td><td>").append(esc(d.state())).append("</td><td>")
                        .append(Instant.ofEpochMilli(d.pinUntilMillis())).append("</td></tr>");
            }
            b.append("</table>");
        }
        b.append("<h3>Audits</h3>").append(m.audits().isEmpty() ? "<p class=muted>" + (m.url() == null ? "no marketplace link yet" : "none") + "</p>" : "");
        if (!m.audits().isEmpty()) {
            b.append("<table><tr><th>audit</th><th>content</th><th>outcome</th><th>took</th></tr>");
            for (MarketView.AuditView a : m.audits()) {
                b.append("<tr><td>").append(esc(a.auditId())).append("</td><td><code>").append(esc(a.contentId()))
                        .append("</code></td><td>").append(esc(a.outcome())).append("</td><td>").append(a.tookMillis())
                        .append(" ms</td></tr>");
            }
            b.append("</table>");
        }
        earnings(b, m);
        return b.append("</body></html>").toString();
    }

    /** What the marketplace says of this agent's deals and what the storage escrow credits it. */
    private static void earnings(StringBuilder b, MarketView m) {
        b.append("<h3>Earnings</h3>");
        AgentEarnings e = m.earnings();
        if (e == null) {
            b.append("<p class=muted>").append(esc(m.earningsState())).append("</p>");
            return;
        }
        b.append("<table>");
        if (e.chainError() != null) {
            b.append(row("escrow", "<span class=muted>" + esc(e.chainError()) + "</span>"));
        } else {
            b.append(row("withdrawable", amount(e.withdrawable(), e) + " <span class=muted>(claimed; the agent key withdraws it"
                    + " from the escrow)</span>"));
            b.append(row("claimable", amount(e.claimable(), e) + " <span class=muted>(passed epochs settled on chain, not"
                    + " claimed yet)</span>"));
        }
        b.append(row("", "<span class=muted>" + esc(m.earningsState()) + "</span>")).append("</table>");
        if (e.deals().isEmpty()) {
            b.append("<p class=muted>the marketplace lists no deal for this agent</p>");
            return;
        }
        b.append("<table><tr><th>deal</th><th>content</th><th>state</th><th>escrow</th><th>epochs (settled/all)</th>")
                .append("<th>price per epoch</th><th>claimable</th></tr>");
        for (AgentEarnings.DealEarnings d : e.deals()) {
            String escrow = d.escrow() == null ? "not funded yet" : d.slot() == null ? esc(d.escrow())
                    : esc(d.escrow()) + ", slot " + d.slot() + " from epoch " + d.fromEpoch()
                    + (d.toEpoch() == null ? "" : " to " + d.toEpoch());
            b.append("<tr><td>").append(esc(d.dealId())).append("</td><td>").append(esc(d.title())).append(" <code>")
                    .append(esc(d.contentId() == null ? "" : d.contentId().substring(0, Math.min(16, d.contentId().length()))))
                    .append("…</code></td><td>").append(esc(d.state())).append("</td><td>").append(escrow).append("</td><td>")
                    .append(d.settledEpochs() == null ? "—" : d.settledEpochs() + "/" + d.epochs()).append("</td><td>")
                    .append(d.pricePerEpoch() == null ? "—" : amount(d.pricePerEpoch(), e)).append("</td><td>")
                    .append(d.claimable() == null ? "—" : amount(d.claimable(), e)).append("</td></tr>");
        }
        b.append("</table>");
    }

    /** Token units as the token's decimal amount and symbol, e.g. "1.5 sUSD". */
    static String amount(String units, AgentEarnings e) {
        if (units == null) {
            return "—";
        }
        try {
            BigDecimal value = new BigDecimal(new BigInteger(units), e.decimals() == null ? 0 : e.decimals());
            return esc(value.stripTrailingZeros().toPlainString() + (e.token() == null ? "" : " " + e.token()));
        } catch (NumberFormatException ex) {
            return esc(units);
        }
    }

    private static String row(String k, String v) {
        return "<tr><th>" + k + "</th><td>" + v + "</td></tr>";
    }

    static String esc(String s) {
        return Html.escape(s);
    }
}
