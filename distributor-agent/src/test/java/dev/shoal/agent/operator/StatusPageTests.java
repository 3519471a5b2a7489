package dev.shoal.agent.operator;

import dev.shoal.agent.content.ContentCatalog;
import dev.shoal.agent.fetch.FetchService;
import dev.shoal.agent.market.MarketView;
import dev.shoal.agent.store.DiskStore;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.market.AgentEarnings;
import dev.shoal.deploy.testing.Pages;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatusPageTests {

    private static final String EVIL = "title <script>alert('x')</script>";
    private static final String QUOTES = "a\" onmouseover=\"alert(1)' data-out='";
    private static final String CLIP = "ab".repeat(32);

    static Document page(MarketView market, List<ContentCatalog.Holding> contents, List<FetchService.Progress> fetches) {
        return Jsoup.parse(Pages.render(StatusPage.of(new AgentStatus.Snapshot("0xagent", new AgentStatus.Disk("/data", 1L << 30, 1L << 32),
                new DiskStore.Stats(3, 500_000_000, 1_000_000_000, 1_000_000, 0), contents, 0, Map.of(), fetches, market, "epoll"))));
    }

    static Document page(MarketView market) {
        return page(market, List.of(), List.of());
    }

    static MarketView market(AgentEarnings earnings, String state) {
        return new MarketView("http://market", "registered", null, List.of(), List.of(), 0, earnings, state);
    }

    @Test
    void showsTheEscrowFiguresInTokensAndEachDealsTenure() {
        AgentEarnings earnings = new AgentEarnings("0xagent", "sUSD", 6, "1500000", "250000", null, List.of(
                new AgentEarnings.DealEarnings("deal-7", "order-7", CLIP, "a <b>clip</b>", "ACTIVE", "FUNDED",
                        2, 0, null, 3, 4, 2, "125000", "250000"),
                new AgentEarnings.DealEarnings("deal-8", "order-8", "cd".repeat(32), "waiting", "PROPOSED", null,
                        null, null, null, null, null, null, null, null)));
        Document page = page(market(earnings, "as of 2026-11-22T05:00:00Z"));
        assertThat(page.selectFirst("[data-withdrawable]").text()).isEqualTo("1.5 sUSD");
        assertThat(page.selectFirst("[data-claimable]").text()).isEqualTo("0.25 sUSD");
        assertThat(page.selectFirst("[data-earnings-state]").text()).isEqualTo("as of 2026-11-22T05:00:00Z");
        Element funded = page.selectFirst("tr.earning[data-deal=deal-7]");
        assertThat(funded.select("td").eachText()).containsExactly("a <b>clip</b> abababababababab…", "deal-7", "ACTIVE",
                "FUNDED, slot 2 from epoch 0", "3/4", "0.125 sUSD", "0.25 sUSD");
        assertThat(funded.select("b")).as("the title is text, not markup").isEmpty();
        assertThat(page.selectFirst("tr.earning[data-deal=deal-8]").select("td").eachText())
                .containsExactly("waiting cdcdcdcdcdcdcdcd…", "deal-8", "PROPOSED", "not funded yet", "—", "—", "—");
    }

    @Test
    void saysWhyWhenThereAreNoFiguresOrTheChainCouldNotBeRead() {
        Document unlinked = page(MarketView.none());
        assertThat(unlinked.selectFirst("p[data-earnings-state]").text()).isEqualTo("no marketplace link yet");
        assertThat(unlinked.selectFirst("p[data-deals]").text()).isEqualTo("no marketplace link yet");
        assertThat(unlinked.selectFirst("p[data-audits]").text()).isEqualTo("no marketplace link yet");
        assertThat(page(market(null, "unavailable: GET earnings answered 503")).selectFirst("p[data-earnings-state]").text())
                .isEqualTo("unavailable: GET earnings answered 503");
        AgentEarnings noChain = new AgentEarnings("0xagent", null, null, null, null, "the chain could not be read: refused", List.of());
        Document page = page(market(noChain, "as of then"));
        assertThat(page.selectFirst("[data-chain-error]").text()).isEqualTo("the chain could not be read: refused");
        assertThat(page.select("[data-withdrawable], [data-claimable]")).isEmpty();
        assertThat(page.text()).contains("the marketplace lists no deal for this agent");
        assertThat(page.selectFirst("p[data-deals]").text()).isEqualTo("none");
    }

    @Test
    void namesContentsByTheirTitlesAndEscapesWhatPeersChose() {
        ContentCatalog.Holding clip = new ContentCatalog.Holding(Sha256.fromHex(CLIP), EVIL, 8, 3, 8_000_000, 3_000_000,
                List.of(ContentCatalog.Pin.operator(), ContentCatalog.Pin.deal("deal-7", Instant.parse("2026-12-01T00:00:00Z").toEpochMilli())), 5L << 20);
        FetchService.Progress fetch = new FetchService.Progress("f1", CLIP, QUOTES, FetchService.State.RUNNING, 8, 3, 8L << 20, 3L << 20,
                List.of(), List.of(), Instant.EPOCH, null);
        MarketView market = new MarketView(QUOTES, "registered", null, List.of(new MarketView.DealView("deal-7", CLIP, "ACTIVE", 0, null)),
                List.of(new MarketView.AuditView("audit-1", CLIP, "PASSED", 0, 42), new MarketView.AuditView("audit-2", "ef".repeat(32), "PASSED", 0, 7)),
                0, null, "not asked yet");
        String html = Pages.render(StatusPage.of(new AgentStatus.Snapshot("0xagent", new AgentStatus.Disk("/data", 1L << 30, 1L << 32),
                new DiskStore.Stats(3, 500_000_000, 1_000_000_000, 1_000_000, 0), List.of(clip), 0, Map.of(), List.of(fetch), market, "epoll")));
        assertThat(html).doesNotContain(EVIL);
        Document page = Jsoup.parse(html);
        assertThat(page.select("[onmouseover], [data-out], script")).isEmpty();

        Element content = page.selectFirst("tr.content[data-content=" + CLIP + "]");
        assertThat(content.selectFirst("td[data-label=title]").text()).isEqualTo(EVIL);
        assertThat(content.selectFirst("td[data-label=held]").text()).isEqualTo("3/8 (3.0 MB)");
        assertThat(content.selectFirst("td[data-label=pins]").text()).isEqualTo("operator deal deal-7 until 2026-12-01T00:00:00Z");
        assertThat(page.selectFirst("tr.fetch td[data-label=content]").text()).isEqualTo(QUOTES);
        assertThat(page.selectFirst("[data-market] td").text()).isEqualTo(QUOTES + " — registered");
        // a deal's and an audit's content by its title first, where the agent holds it
        assertThat(page.selectFirst("tr.deal[data-deal=deal-7] td[data-label=content]").text()).isEqualTo(EVIL + " abababababababab…");
        assertThat(page.selectFirst("tr.audit[data-audit=audit-1] td[data-label=content]").text()).isEqualTo(EVIL + " abababababababab…");
        assertThat(page.selectFirst("tr.audit[data-audit=audit-2] td[data-label=content] code").attr("title")).isEqualTo("ef".repeat(32));
        assertThat(page.selectFirst("tr.audit[data-audit=audit-1] td[data-label=took]").text()).isEqualTo("42 ms");
    }

    @Test
    void showsTheStoreAgainstItsQuotaAndRefreshesItself() {
        Document page = page(MarketView.none());
        assertThat(page.selectFirst("[data-agent]").text()).isEqualTo("0xagent");
        assertThat(page.selectFirst("[data-disk]").text()).contains("500.0 MB used of 1.0 GB quota (3 segments)");
        assertThat(page.selectFirst("[data-store-used]").attr("data-store-used")).isEqualTo("50.0");
        assertThat(page.selectFirst("meta[http-equiv=refresh]").attr("content")).isEqualTo("5");
        assertThat(page.select("[data-fetches]")).as("no fetch, no table").isEmpty();
        assertThat(page.text()).contains("none yet: distributor-agent fetch");
        assertThat(page.select("link[rel=stylesheet]").eachAttr("href")).containsExactly("/shoal/shoal.css");
    }
}
