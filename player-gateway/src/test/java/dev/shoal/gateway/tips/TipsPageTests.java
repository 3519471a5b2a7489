package dev.shoal.gateway.tips;

import dev.shoal.deploy.testing.Pages;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TipsPageTests {

    @Test
    void theTipsPageIsTheFrameDashboardJsFills() {
        Document page = Jsoup.parse(Pages.render(new TipsPage()));
        assertThat(page.title()).isEqualTo("Tips · Shoal");
        for (String part : new String[] {"account-form", "account", "dev-accounts", "wallet-label", "error", "account-view", "balance",
                "withdraw-form", "withdraw-amount", "withdraw-status", "charts", "received"}) {
            assertThat(page.select("[data-tips-dashboard] [data-" + part + "]")).as(part).hasSize(1);
        }
        assertThat(page.selectFirst("[data-account-view]").hasAttr("hidden")).isTrue();
        assertThat(page.select("table.records thead th").eachText()).containsExactly("When", "Content", "As", "Amount", "Transaction");
        assertThat(page.select("script").eachAttr("src")).containsExactly("/player/dashboard.js");
        assertThat(page.select("link[rel=stylesheet]").eachAttr("href")).containsExactly("/shoal/shoal.css", "/player/player.css");
    }
}
