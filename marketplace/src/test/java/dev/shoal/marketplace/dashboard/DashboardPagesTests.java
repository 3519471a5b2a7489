package dev.shoal.marketplace.dashboard;

import dev.shoal.contracts.market.AgentEarnings;
import dev.shoal.marketplace.dashboard.DashboardQueries.AgentRow;
import dev.shoal.marketplace.dashboard.DashboardQueries.AuditRow;
import dev.shoal.marketplace.dashboard.DashboardQueries.EpochCount;
import dev.shoal.marketplace.dashboard.DashboardQueries.OrderRow;
import dev.shoal.marketplace.dashboard.DashboardQueries.ReplicaRow;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardPagesTests {

    private static final OffsetDateTime T = OffsetDateTime.parse("2026-11-22T12:00:00Z");
    private static final String EVIL = "<script>alert('x')</script>";
    private static final UUID ORDER = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private static ReplicaRow replica(String region, String state, int strikes) {
        return new ReplicaRow(UUID.randomUUID(), ORDER, "0xagent", region, "http://127.0.0.1:1", state, strikes, 1024, T);
    }

    private static int count(String html, String regex) {
        return (int) Pattern.compile(regex).matcher(html).results().count();
    }

    @Test
    void theCreatorPageDrawsEachReplicaInItsRegionAndAddsUpTheEscrow() {
        OrderRow order = new OrderRow(ORDER, "ab".repeat(32), "My video", 5, 4, BigInteger.valueOf(5000), T, "FUNDED",
                BigInteger.valueOf(1_000_000_000_000_000L), 5, 4, 1, null);
        List<ReplicaRow> replicas = List.of(replica("eu", "ACTIVE", 0), replica("eu", "ACTIVE", 1), replica("us", "TRANSFERRING", 0),
                replica("us", "FAILED", 3), replica("ap", "ACTIVE", 0));
        List<EpochCount> audits = List.of(new EpochCount(100, "PASSED", 4), new EpochCount(100, "FAILED", 1), new EpochCount(101, "MISSED", 2));
        String html = CreatorPage.render(new CreatorPage.View("creator", List.of(order), replicas, audits, Duration.ofSeconds(30), "SHOAL", 18));

        assertThat(count(html, "<g class=\"region\"")).isEqualTo(3);
        assertThat(count(html, "<circle class=\"replica\"")).isEqualTo(5);
        assertThat(count(html, "data-state=\"WARNED\"")).isEqualTo(1);       // an ACTIVE replica with a strike
        assertThat(count(html, "data-state=\"FAILED\"")).isEqualTo(1);
        assertThat(html).contains("data-epoch=\"100\" data-outcome=\"PASSED\" data-count=\"4\"")
                .contains("data-epoch=\"101\" data-outcome=\"MISSED\" data-count=\"2\"");
        // 0.001 SHOAL per replica-epoch x 5 replicas x 4 epochs
        assertThat(html).contains("<td class=\"num\" id=\"escrowed\">0.02 SHOAL</td>").contains("1 of 4 epochs settled");
        assertThat(html).contains("3 of 5</b> replicas active").contains("href=\"/dashboard/logout\"");
    }

    @Test
    void everythingAUserOrAnAgentChoseIsEscaped() {
        OrderRow order = new OrderRow(ORDER, "ab".repeat(32), EVIL, 5, 4, BigInteger.ONE, T, null, null, null, null, null, null);
        ReplicaRow replica = new ReplicaRow(UUID.randomUUID(), ORDER, "0xagent", EVIL, EVIL, "PROPOSED", 0, 0, null);
        String creator = CreatorPage.render(new CreatorPage.View(EVIL, List.of(order), List.of(replica), List.of(), Duration.ofHours(1), null, null));
        AgentRow agent = new AgentRow("0xagent", EVIL, EVIL, 10, 1, BigInteger.ONE, T, T, 0);
        AgentEarnings earned = new AgentEarnings("0xagent", "SHOAL", 18, "0", "0", null, List.of(new AgentEarnings.DealEarnings(
                "d", ORDER.toString(), "ab".repeat(32), EVIL, "ACTIVE", "FUNDED", 0, 0, null, 0, 4, null, "1", "0")));
        String distributor = DistributorPage.render(new DistributorPage.View(EVIL, List.of(agent), Map.of("0xagent", 0.9),
                Map.of("0xagent", earned), List.of(), List.of(new AuditRow(T, "0xagent", EVIL, "EPOCH", "FAILED", EVIL)), Duration.ofHours(1)));
        for (String html : List.of(creator, distributor)) {
            assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        }
        assertThat(creator).contains("not funded yet");
        assertThat(distributor).contains("<tr class=\"agent\" data-agent=\"0xagent\">").contains("0.90");
    }

    @Test
    void emptyPagesSayWhatIsMissing() {
        assertThat(CreatorPage.render(new CreatorPage.View("c", List.of(), List.of(), List.of(), Duration.ofHours(1), null, null)))
                .contains("no replicas yet").contains("no audits decided yet").contains("No orders yet");
        assertThat(DistributorPage.render(new DistributorPage.View("d", List.of(), Map.of(), Map.of(), List.of(), List.of(), Duration.ofHours(1))))
                .contains("No agents yet");
    }
}
