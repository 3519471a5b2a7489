package dev.shoal.marketplace.dashboard;

import dev.shoal.contracts.market.AgentEarnings;
import dev.shoal.deploy.testing.Pages;
import dev.shoal.marketplace.dashboard.DashboardQueries.AgentRow;
import dev.shoal.marketplace.dashboard.DashboardQueries.AuditRow;
import dev.shoal.marketplace.dashboard.DashboardQueries.EpochCount;
import dev.shoal.marketplace.dashboard.DashboardQueries.OrderRow;
import dev.shoal.marketplace.dashboard.DashboardQueries.ReplicaRow;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardPagesTests {

    private static final OffsetDateTime T = OffsetDateTime.parse("2026-11-22T12:00:00Z");
    private static final String EVIL = "title <script>alert('x')</script>";
    /** Breaks out of a double-quoted attribute unless it is escaped. */
    private static final String QUOTES = "eu\" onmouseover=\"alert(1)' data-out='";
    private static final UUID ORDER = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID OTHER = UUID.fromString("00000000-0000-0000-0000-000000000002");

    private static ReplicaRow replica(UUID order, String region, String state, int strikes) {
        return new ReplicaRow(UUID.randomUUID(), order, "0xagent", region, "http://127.0.0.1:1", state, strikes, 1024, T);
    }

    private static OrderRow funded(UUID id, String title) {
        return new OrderRow(id, "ab".repeat(32), title, 5, 4, BigInteger.valueOf(5000), T, "FUNDED",
                BigInteger.valueOf(1_000_000_000_000_000L), 5, 4, 1, null);
    }

    private static OrderRow unfunded(UUID id, String title) {
        return new OrderRow(id, "cd".repeat(32), title, 5, 4, BigInteger.ONE, T, null, null, null, null, null, null);
    }

    private static Document creator(String user, List<OrderRow> orders, List<ReplicaRow> replicas, List<EpochCount> audits) {
        return Jsoup.parse(Pages.render(CreatorPage.of(user, orders, replicas, audits, Duration.ofSeconds(30), "SHOAL", 18)));
    }

    @Test
    void theCreatorPageDrawsEachReplicaInItsRegionAndAddsUpTheEscrow() {
        List<ReplicaRow> replicas = List.of(replica(ORDER, "eu", "ACTIVE", 0), replica(ORDER, "eu", "ACTIVE", 1),
                replica(ORDER, "us", "TRANSFERRING", 0), replica(ORDER, "us", "FAILED", 3), replica(ORDER, "ap", "ACTIVE", 0));
        List<EpochCount> audits = List.of(new EpochCount(100, "PASSED", 4), new EpochCount(100, "FAILED", 1), new EpochCount(101, "MISSED", 2));
        Document page = creator("creator", List.of(funded(ORDER, "My video")), replicas, audits);

        assertThat(page.select("svg.map g.region").eachAttr("data-region")).containsExactly("ap", "eu", "us");
        assertThat(page.select("svg.map g.region[data-region=eu] circle.replica").eachAttr("data-state")).containsExactly("ACTIVE", "WARNED");
        assertThat(page.select("svg.map circle.replica")).hasSize(5);
        assertThat(page.select("circle.replica[data-state=FAILED]")).hasSize(1);
        // stacked bars: in epoch 100 four passed under one failed, scaled to the tallest epoch (5 audits over 120 px)
        Element passed = page.selectFirst("svg.audits rect.bar[data-epoch=100][data-outcome=PASSED]");
        assertThat(passed.attr("data-count")).isEqualTo("4");
        assertThat(passed.attr("height")).isEqualTo("96.0");
        Element failed = page.selectFirst("svg.audits rect.bar[data-epoch=100][data-outcome=FAILED]");
        assertThat(failed.attr("data-count")).isEqualTo("1");
        assertThat(failed.attr("y")).isEqualTo("10.0");
        assertThat(page.selectFirst("svg.audits rect.bar[data-epoch=101][data-outcome=MISSED]").attr("data-count")).isEqualTo("2");
        assertThat(page.select("svg.audits rect.bar")).hasSize(3);
        // epochs labelled by their start (UTC), never closer than a label is wide
        Document many = creator("creator", List.of(), List.of(), LongStream.range(0, 12).mapToObj(e -> new EpochCount(e, "PASSED", 1)).toList());
        List<Integer> labels = many.select("svg.audits text[text-anchor=middle]").stream().map(t -> Integer.parseInt(t.attr("x"))).toList();
        assertThat(labels).hasSize(6);
        for (int i = 1; i < labels.size(); i++) {
            assertThat(labels.get(i) - labels.get(i - 1)).isGreaterThanOrEqualTo(36);
        }
        assertThat(many.select("svg.audits text[text-anchor=middle]").eachText()).startsWith("00:00", "00:01");

        // 0.001 SHOAL per replica-epoch x 5 replicas x 4 epochs, one epoch of four settled
        assertThat(page.getElementById("escrowed").text()).isEqualTo("0.02 SHOAL");
        Element order = page.selectFirst("section.order[data-order=" + ORDER + "]");
        assertThat(order.selectFirst("h3").text()).startsWith("My video order");
        assertThat(order.text()).contains("3 of 5 replicas active, 4 live").contains("1 of 4 epochs settled");
        assertThat(order.select("tr.replica")).hasSize(5);
        assertThat(order.select("tr.replica td[data-label=state]").eachText()).containsExactly("ACTIVE", "WARNED", "TRANSFERRING", "FAILED", "ACTIVE");
        assertThat(page.select("[data-funding-order]")).isEmpty();
        assertThat(page.select("script").eachAttr("src")).as("nothing to fund, only the upload's script").containsExactly("/assets/studio.js");
        assertThat(order.selectFirst(".replica-state").attr("data-active")).isEqualTo("3");
        assertThat(order.selectFirst("a.watch").attr("href")).isEqualTo("http://127.0.0.1:8082/watch/" + order.select("p code").first().attr("title"));
        assertThat(page.selectFirst("#studio").attr("data-chunk")).isEqualTo(String.valueOf(4 << 20));
        assertThat(page.selectFirst("#studio").text()).contains("Any video file up to");
        assertThat(page.select("header.bar .who").text()).isEqualTo("signed in as creator · log out");
        assertThat(page.select("a[href=/dashboard/logout]")).isNotEmpty();
    }

    @Test
    void anOrderWaitingForItsEscrowGetsTheFundingControlAndScript() {
        Document page = creator("creator", List.of(funded(ORDER, "paid"), unfunded(OTHER, "waiting")), List.of(), List.of());
        assertThat(page.select("[data-funding-order]").eachAttr("data-funding-order")).containsExactly(OTHER.toString());
        assertThat(page.selectFirst("section.order[data-order=" + OTHER + "]").text()).contains("not funded yet");
        assertThat(page.select("script[type=module]").eachAttr("src")).containsExactly("/assets/studio.js", "/assets/fund.js");
    }

    @Test
    void everythingAUserOrAnAgentChoseIsEscaped() {
        ReplicaRow replica = new ReplicaRow(UUID.randomUUID(), ORDER, "0xagent", QUOTES, EVIL, "PROPOSED", 0, 0, null);
        String creator = Pages.render(CreatorPage.of(EVIL, List.of(unfunded(ORDER, EVIL)), List.of(replica), List.of(), Duration.ofHours(1), null, null));
        AgentRow agent = new AgentRow("0xagent", EVIL, QUOTES, 10, 1, BigInteger.ONE, T, T, 0);
        AgentEarnings earned = new AgentEarnings("0xagent", "SHOAL", 18, "0", "0", null, List.of(new AgentEarnings.DealEarnings(
                "d", ORDER.toString(), "ab".repeat(32), EVIL, "ACTIVE", "FUNDED", 0, 0, null, 0, 4, null, "1", "0")));
        String distributor = Pages.render(DistributorPage.of(EVIL, List.of(agent), Map.of("0xagent", 0.9), Map.of("0xagent", earned),
                List.of(), List.of(new AuditRow(T, "0xagent", EVIL, "EPOCH", "FAILED", EVIL)), Duration.ofHours(1)));
        String forbidden = Pages.render(new ForbiddenPage(EVIL, "the creator role"));
        for (String html : List.of(creator, distributor, forbidden)) {
            assertThat(html).doesNotContain(EVIL).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
            Document page = Jsoup.parse(html);
            assertThat(page.select("[onmouseover], [data-out]")).as("no attribute broke out of its quotes").isEmpty();
            assertThat(page.select("script:not([src])")).isEmpty();
        }
        Document map = Jsoup.parse(creator);
        assertThat(map.selectFirst("g.region").attr("data-region")).isEqualTo(QUOTES);
        assertThat(map.selectFirst("circle.replica title").text()).contains(EVIL);
        Document agents = Jsoup.parse(distributor);
        assertThat(agents.selectFirst("tr.agent").attr("data-agent")).isEqualTo("0xagent");
        assertThat(agents.selectFirst("tr.agent td[data-label=region]").text()).isEqualTo(QUOTES);
        assertThat(agents.selectFirst("tr.agent td[data-label=reputation]").text()).isEqualTo("0.90");
        assertThat(agents.selectFirst("tr.deal td[data-label=content]").text()).startsWith(EVIL);
        assertThat(agents.selectFirst("tr.audit td[data-label=detail]").text()).isEqualTo(EVIL);
    }

    @Test
    void theDistributorPageShowsEachAgentsFiguresOrWhyThereAreNone() {
        AgentRow paid = new AgentRow("0xpaid", "http://127.0.0.1:1", "eu", 10L << 30, 1L << 30, BigInteger.TEN, T, T, 2);
        AgentRow blind = new AgentRow("0xblind", "http://127.0.0.1:2", "us", 10L << 30, 0, BigInteger.TEN, T, null, 0);
        AgentRow silent = new AgentRow("0xsilent", "http://127.0.0.1:3", "ap", 10L << 30, 0, BigInteger.TEN, T, null, 0);
        AgentEarnings paidEarnings = new AgentEarnings("0xpaid", "sUSD", 6, "1500000", "250000", null, List.of(
                new AgentEarnings.DealEarnings("deal-7", ORDER.toString(), "ab".repeat(32), "clip", "ACTIVE", "FUNDED",
                        2, 0, null, 3, 4, 2, "125000", "250000")));
        AgentEarnings blindEarnings = new AgentEarnings("0xblind", null, null, null, null, "earnings unavailable: the chain", List.of());
        List<AuditRow> recent = List.of(new AuditRow(T, "0xpaid", "clip", "EPOCH", "PASSED", "3 chunks"));
        Document page = Jsoup.parse(Pages.render(DistributorPage.of("distributor", List.of(paid, blind, silent), Map.of("0xpaid", 0.75),
                Map.of("0xpaid", paidEarnings, "0xblind", blindEarnings), List.of(new EpochCount(7, "PASSED", 3)), recent, Duration.ofHours(1))));

        assertThat(page.select("tr.agent").eachAttr("data-agent")).containsExactly("0xpaid", "0xblind", "0xsilent");
        Element first = page.selectFirst("tr.agent[data-agent=0xpaid]");
        assertThat(first.selectFirst("td[data-label=claimable]").text()).isEqualTo("0.25 sUSD");
        assertThat(first.selectFirst("td[data-label=withdrawable]").text()).isEqualTo("1.5 sUSD");
        assertThat(first.selectFirst("td[data-label=used / capacity]").text()).isEqualTo("1.0 GiB / 10.0 GiB");
        assertThat(page.selectFirst("tr.agent[data-agent=0xblind] td[colspan=2]").text()).isEqualTo("earnings unavailable: the chain");
        assertThat(page.selectFirst("tr.agent[data-agent=0xsilent] td[colspan=2]").text()).isEqualTo("—");
        assertThat(page.selectFirst("tr.agent[data-agent=0xsilent] td[data-label=reputation]").text()).isEqualTo("—");

        Element deal = page.selectFirst("tr.deal");
        assertThat(page.select("tr.deal")).hasSize(1);
        assertThat(deal.selectFirst("td[data-label=content]").text()).isEqualTo("clip ababababab…");
        assertThat(deal.selectFirst("td[data-label=epochs settled]").text()).isEqualTo("3 / 4");
        assertThat(deal.selectFirst("td[data-label=per epoch]").text()).isEqualTo("0.125 sUSD");
        assertThat(page.selectFirst("svg.audits rect.bar[data-epoch=7]").attr("data-outcome")).isEqualTo("PASSED");
        assertThat(page.selectFirst("tr.audit td[data-label=outcome]").text()).isEqualTo("PASSED");
    }

    @Test
    void emptyPagesSayWhatIsMissing() {
        Document creator = creator("c", List.of(), List.of(), List.of());
        assertThat(creator.selectFirst("svg.map").text()).isEqualTo("no replicas yet");
        assertThat(creator.selectFirst("svg.audits").text()).isEqualTo("no audits decided yet");
        assertThat(creator.text()).contains("No orders yet");
        Document distributor = Jsoup.parse(Pages.render(DistributorPage.of("d", List.of(), Map.of(), Map.of(), List.of(), List.of(),
                Duration.ofHours(1))));
        assertThat(distributor.text()).contains("No agents yet");
        assertThat(distributor.select("tr.deal, tr.audit, tr.agent")).isEmpty();
    }

    @Test
    void theFrontPageAndTheForbiddenPageShareTheFrame() {
        Document home = Jsoup.parse(Pages.render(new HomePage()));
        assertThat(home.title()).isEqualTo("Shoal marketplace · Shoal");
        assertThat(home.select("main a").eachAttr("href")).contains("/dashboard/creator", "/dashboard/distributor", "/q/swagger-ui");
        assertThat(home.select("header.bar .who")).as("nobody is signed in on the front page").isEmpty();
        assertThat(home.select("link[rel=stylesheet]").eachAttr("href")).containsExactly("/shoal/shoal.css");

        Document forbidden = Jsoup.parse(Pages.render(new ForbiddenPage("distributor", "the creator role")));
        assertThat(forbidden.selectFirst("main p").text()).isEqualTo("You are signed in as distributor, and this page needs the creator role."
                + " Log out to sign in as someone else.");
        assertThat(forbidden.select("header.bar .who b").text()).isEqualTo("distributor");
    }
}
