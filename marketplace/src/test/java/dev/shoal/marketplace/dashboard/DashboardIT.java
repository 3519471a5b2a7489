package dev.shoal.marketplace.dashboard;

import dev.shoal.contracts.market.AuditChallenge;
import dev.shoal.contracts.market.DealOffer;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import dev.shoal.marketplace.market.SampleContent;
import dev.shoal.marketplace.market.SimulatedAgent;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * The dashboards on the real Keycloak, PostgreSQL and Kafka: people sign in through Keycloak's own login
 * form (an HTTP client that keeps cookies and follows redirects, as a browser would), each sees only
 * their own orders or agents, the wrong role gets 403, no session is sent to the login form, and /api
 * stays bearer-only.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class DashboardIT {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private static String orderId;
    private static String contentId;
    private static final List<SimulatedAgent> AGENTS = new ArrayList<>();

    private static String base() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    private static String token(String user) {
        return DemoUsers.accessToken(RealServices.endpoints().issuer(), user);
    }

    /** A creator's order of five replicas on five agents in three regions, two ACTIVE after a real first audit, three PROPOSED. */
    @BeforeEach
    void anOrderWithReplicas() {
        // once per class; not in @BeforeAll, where RestAssured does not know the application's port yet
        if (orderId != null) {
            return;
        }
        SampleContent content = SampleContent.load("dashboard <i>sample</i> " + UUID.randomUUID());
        contentId = given().auth().oauth2(token("creator")).contentType(ContentType.JSON)
                .body(Map.of("manifest", content.manifest().toJson(), "origins", List.of("http://127.0.0.1:19998")))
                .when().post("/api/contents").then().statusCode(201).extract().path("contentId");
        // five agents (the class's database holds no others): the order of five replicas goes to all of them
        String distributor = token("distributor");
        for (int i = 0; i < 5; i++) {
            SimulatedAgent agent = new SimulatedAgent(900 + i, distributor, i < 2 ? "eu-west" : i < 4 ? "us-east" : "ap-south");
            agent.register().then().statusCode(200);
            AGENTS.add(agent);
        }
        orderId = given().auth().oauth2(token("creator")).contentType(ContentType.JSON)
                .body(Map.of("contentId", contentId, "replicas", 5, "epochs", 4, "maxPricePerGbMonth", "432"))
                .when().post("/api/orders").then().statusCode(201).extract().path("id");
        // each agent is offered this order's replica and nothing else; the first two take theirs and pass the first audit
        for (SimulatedAgent agent : AGENTS.subList(0, 2)) {
            List<DealOffer> offers = agent.work().deals();
            assertThat(offers).singleElement().extracting(DealOffer::contentId).isEqualTo(contentId);
            DealOffer offer = offers.getFirst();
            agent.report(offer.dealId(), "TRANSFERRING").then().statusCode(200);
            agent.report(offer.dealId(), "ACTIVE").then().statusCode(200);
            List<AuditChallenge> audits = agent.work().audits();
            assertThat(audits).singleElement().extracting(AuditChallenge::contentId).isEqualTo(contentId);
            AuditChallenge first = audits.getFirst();
            agent.answer(first.auditId(), agent.prove(first, content)).then().statusCode(200).body("outcome", equalTo("PASSED"));
        }
        for (SimulatedAgent agent : AGENTS.subList(2, 5)) {
            assertThat(agent.work().deals()).singleElement().extracting(DealOffer::contentId).isEqualTo(contentId);
        }
    }

    @Test
    void aCreatorSignsInThroughKeycloakAndSeesTheirOrderItsReplicasAuditsAndSpending() throws Exception {
        Browser creator = new Browser();
        HttpResponse<String> page = creator.signIn(base() + "/dashboard/creator", "creator");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().toString()).isEqualTo(base() + "/dashboard/creator");
        assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        String html = page.body();
        assertThat(html).contains("signed in as <b>creator</b>").contains("data-order=\"" + orderId + "\"");
        // the title the creator chose is shown escaped, never as markup
        assertThat(html).contains("dashboard &lt;i&gt;sample&lt;/i&gt;").doesNotContain("<i>sample</i>");
        // the region map: this order's five replicas in their agents' regions, two ACTIVE and three PROPOSED
        String order = section(html, orderId);
        assertThat(count(order, "<tr class=\"replica\">")).isEqualTo(5);
        assertThat(count(order, ">ACTIVE</td>")).isEqualTo(2);
        assertThat(count(order, ">PROPOSED</td>")).isEqualTo(3);
        assertThat(html).contains("<svg class=\"map\"").contains("data-state=\"ACTIVE\"").contains("data-state=\"PROPOSED\"");
        // the two first audits that passed are in the chart
        assertThat(html).contains("<svg class=\"audits\"").contains("data-outcome=\"PASSED\"");
        assertThat(html).contains("id=\"escrowed\"").contains("not funded yet");

        // the dashboard session is no bearer token: /api still answers 401 problem+json to this client
        HttpResponse<String> api = creator.get(base() + "/api/orders");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");

        // logging out ends the session: the page sends the visitor to the login form again
        HttpResponse<String> out = creator.get(base() + "/dashboard/logout");
        assertThat(out.uri().getPath()).isEqualTo("/");
        assertThat(out.uri().toString()).startsWith(base() + "/");
        assertThat(out.body()).contains("Creator dashboard");
        HttpResponse<String> again = creator.getNoRedirect(base() + "/dashboard/creator");
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(again.headers().firstValue("location").orElseThrow()).startsWith(RealServices.endpoints().issuer() + "/protocol/openid-connect/auth");
    }

    @Test
    void anotherCreatorDoesNotSeeTheOrder() throws Exception {
        HttpResponse<String> page = new Browser().signIn(base() + "/dashboard/creator", "creator2");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("signed in as <b>creator2</b>").doesNotContain(orderId).doesNotContain(contentId.substring(0, 10));
    }

    @Test
    void aDistributorSeesTheirAgentsAndDealsButNotTheCreatorPage() throws Exception {
        Browser distributor = new Browser();
        HttpResponse<String> page = distributor.signIn(base() + "/dashboard/distributor", "distributor");
        assertThat(page.statusCode()).isEqualTo(200);
        for (SimulatedAgent agent : AGENTS) {
            assertThat(page.body()).contains("data-agent=\"" + agent.address() + "\"");
        }
        assertThat(page.body()).contains("<svg class=\"audits\"").contains("<tr class=\"deal\">").contains("<tr class=\"audit\">");

        HttpResponse<String> creatorPage = distributor.get(base() + "/dashboard/creator");
        assertThat(creatorPage.statusCode()).isEqualTo(403);
        assertThat(creatorPage.body()).contains("needs the creator role");

        HttpResponse<String> other = new Browser().signIn(base() + "/dashboard/distributor", "distributor2");
        assertThat(other.statusCode()).isEqualTo(200);
        for (SimulatedAgent agent : AGENTS) {
            assertThat(other.body()).doesNotContain(agent.address());
        }
    }

    /**
     * Every agent's row shows its escrow figures, as the bearer API gives them one agent at a time: the page asks
     * for all its agents in one request, the chain figures of one come back on another thread, and the next agent's
     * deals must still be read in a proper reactive session.
     */
    @Test
    void everyAgentOnTheDistributorPageShowsItsEarnings() throws Exception {
        String html = new Browser().signIn(base() + "/dashboard/distributor", "distributor").body();
        String distributor = token("distributor");
        for (SimulatedAgent agent : AGENTS) {
            String token = given().auth().oauth2(distributor).when().get("/api/agents/" + agent.address() + "/earnings")
                    .then().statusCode(200).body("chainError", nullValue()).extract().path("token");
            String row = agentRow(html, agent.address());
            assertThat(row).as("the row of agent %s", agent.address()).doesNotContain("unavailable").contains(" " + token + "<");
        }
        assertThat(html).doesNotContain("earnings unavailable");
    }

    @Test
    void withoutASessionThePageRedirectsToTheKeycloakLoginAndTheApiStaysBearerOnly() throws Exception {
        HttpResponse<String> page = new Browser().getNoRedirect(base() + "/dashboard/creator");
        assertThat(page.statusCode()).isEqualTo(302);
        String location = page.headers().firstValue("location").orElseThrow();
        assertThat(location).startsWith(RealServices.endpoints().issuer() + "/protocol/openid-connect/auth")
                .contains("client_id=marketplace-dashboard").contains("response_type=code");

        given().when().get("/api/orders").then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://shoal.dev/problems/unauthorized"));
        given().auth().oauth2(token("distributor")).when().get("/api/orders").then().statusCode(403)
                .contentType("application/problem+json");
        given().when().get("/").then().statusCode(200).contentType("text/html");
    }

    private static String agentRow(String html, String agent) {
        int start = html.indexOf("data-agent=\"" + agent + "\"");
        assertThat(start).as("a row for agent %s", agent).isPositive();
        return html.substring(start, html.indexOf("</tr>", start));
    }

    private static String section(String html, String order) {
        int start = html.indexOf("data-order=\"" + order + "\"");
        assertThat(start).isPositive();
        return html.substring(start, html.indexOf("</section>", start));
    }

    private static int count(String html, String literal) {
        return (int) Pattern.compile(Pattern.quote(literal)).matcher(html).results().count();
    }

    /** What a browser does for these pages: cookies, redirects, and filling in Keycloak's login form. */
    static final class Browser {

        /** What Chromium asks for when it opens a page. */
        private static final String ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

        private final CookieHandler cookies = new LoopbackCookies();
        private final HttpClient following = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
        private final HttpClient still = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> get(String url) throws Exception {
            return following.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", ACCEPT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> getNoRedirect(String url) throws Exception {
            return still.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", ACCEPT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Opens the page, lands on Keycloak's login form, submits it, and follows the redirects back to the page. */
        HttpResponse<String> signIn(String url, String user) throws Exception {
            HttpResponse<String> login = get(url);
            assertThat(login.uri().toString()).startsWith(RealServices.endpoints().issuer());
            Matcher action = FORM_ACTION.matcher(login.body());
            assertThat(action.find()).as("Keycloak's login form in %s", login.body()).isTrue();
            String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                    + "&password=" + URLEncoder.encode(DemoUsers.password(user), StandardCharsets.UTF_8) + "&credentialId=";
            HttpResponse<String> page = following.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", ACCEPT)
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as("signed in as %s, landed on %s: %s", user, page.uri(), page.body()).isIn(200, 403);
            return page;
        }
    }

    /**
     * A cookie jar that, like a browser, keeps Keycloak's {@code Secure} cookies for plain http on the
     * loopback address (a browser counts 127.0.0.1 as a secure context; java.net's CookieManager does not).
     */
    static final class LoopbackCookies extends CookieHandler {

        private final CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws java.io.IOException {
            return jar.get(uri, requestHeaders);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) throws java.io.IOException {
            Map<String, List<String>> headers = new java.util.HashMap<>();
            responseHeaders.forEach((name, values) -> headers.put(name, name != null && name.equalsIgnoreCase("set-cookie")
                    ? values.stream().map(v -> v.replaceAll("(?i);\\s*Secure(?=;|$)", "")).toList() : values));
            jar.put(uri, headers);
        }
    }
}
