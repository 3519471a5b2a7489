package dev.shoal.agent.operator;

import dev.shoal.agent.market.MarketView;
import dev.shoal.agent.store.DiskStore;
import dev.shoal.contracts.market.AgentEarnings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatusPageTests {

    static String page(MarketView market) {
        return StatusPage.render(new AgentStatus.Snapshot("0xagent", new AgentStatus.Disk("/data", 1L << 30, 1L << 32),
                new DiskStore.Stats(0, 0, 1L << 30, 0, 0), List.of(), 0, Map.of(), List.of(), market));
    }

    static MarketView market(AgentEarnings earnings, String state) {
        return new MarketView("http://market", "registered", null, List.of(), List.of(), 0, earnings, state);
    }

    @Test
    void showsTheEscrowFiguresInTokensAndEachDealsTenure() {
        AgentEarnings earnings = new AgentEarnings("0xagent", "sUSD", 6, "1500000", "250000", null, List.of(
                new AgentEarnings.DealEarnings("deal-7", "order-7", "ab".repeat(32), "<b>clip</b>", "ACTIVE", "FUNDED",
                        2, 0, null, 3, 4, 2, "125000", "250000"),
                new AgentEarnings.DealEarnings("deal-8", "order-8", "cd".repeat(32), "waiting", "PROPOSED", null,
                        null, null, null, null, null, null, null, null)));
        String html = page(market(earnings, "as of 2026-11-22T05:00:00Z"));
        assertThat(html).contains("<th>withdrawable</th><td>1.5 sUSD").contains("<th>claimable</th><td>0.25 sUSD")
                .contains("as of 2026-11-22T05:00:00Z")
                .contains("FUNDED, slot 2 from epoch 0</td><td>3/4</td><td>0.125 sUSD</td><td>0.25 sUSD</td>")
                .contains("&lt;b&gt;clip&lt;/b&gt;").doesNotContain("<b>clip")
                .contains("<td>PROPOSED</td><td>not funded yet</td><td>—</td><td>—</td><td>—</td>");
    }

    @Test
    void saysWhyWhenThereAreNoFiguresOrTheChainCouldNotBeRead() {
        assertThat(page(MarketView.none())).contains("<h3>Earnings</h3><p class=muted>no marketplace link yet</p>");
        assertThat(page(market(null, "unavailable: GET earnings answered 503")))
                .contains("<h3>Earnings</h3><p class=muted>unavailable: GET earnings answered 503</p>");
        AgentEarnings noChain = new AgentEarnings("0xagent", null, null, null, null, "the chain could not be read: refused",
                List.of());
        assertThat(page(market(noChain, "as of then"))).contains("the chain could not be read: refused")
                .doesNotContain("withdrawable").contains("the marketplace lists no deal for this agent");
    }
}
