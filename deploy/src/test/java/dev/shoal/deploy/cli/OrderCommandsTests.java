package dev.shoal.deploy.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code shoal order quote|create|status|cancel} against a stand-in marketplace (an in-process HTTP server answering
 * canned JSON): what each sends, and that it prints sUSD people can read. The real API is tested in MarketAsksIT.
 */
class OrderCommandsTests {

    static final String ENDED = """
            {"type":"https://shoal.dev/problems/order-ended","title":"Order ended","status":409,"detail":"order ended is already EXPIRED"}""";

    private HttpServer server;
    private final List<String> requests = new ArrayList<>();

    @BeforeEach
    void marketplace() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/orders/ended")) {
                byte[] problem = ENDED.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                exchange.sendResponseHeaders(409, problem.length);
                exchange.getResponseBody().write(problem);
                exchange.close();
                return;
            }
            String answer = path.equals("/api/orders/quote") ? QUOTE : path.equals("/api/orders") && body.isEmpty() ? "[" + ORDER + "]" : ORDER;
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ShoalCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--marketplace", "http://127.0.0.1:" + server.getAddress().getPort(), "--token", "t0k"));
        assertThat(cli.execute(all.toArray(String[]::new))).as(out.toString()).isZero();
        return out.toString();
    }

    @Test
    void theMarketplacesRefusalIsOneLineNamingTheCommandAndExitsOne() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ShoalCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute("order", "cancel", "ended", "--marketplace", "http://127.0.0.1:" + server.getAddress().getPort(), "--token", "t0k");
        assertThat(code).as(out.toString()).isEqualTo(1);
        assertThat(out.toString()).startsWith("shoal order cancel: ").contains("order ended is already EXPIRED").hasLineCount(1);
    }

    @Test
    void withoutATokenOrALoginNothingIsAskedAndTheCreatorIsToldToSignIn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path empty) {
        String before = System.getProperty(dev.shoal.deploy.creator.CreatorHome.PROPERTY);
        System.setProperty(dev.shoal.deploy.creator.CreatorHome.PROPERTY, empty.toString());
        try {
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new ShoalCli());
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(out));
            int code = cli.execute("order", "status", "o1", "--marketplace", "http://127.0.0.1:" + server.getAddress().getPort(), "--token", "");
            assertThat(code).as(out.toString()).isEqualTo(1);
            assertThat(out.toString()).startsWith("shoal order status: ").contains("not signed in: run shoal login first");
            assertThat(requests).isEmpty();
        } finally {
            if (before == null) {
                System.clearProperty(dev.shoal.deploy.creator.CreatorHome.PROPERTY);
            } else {
                System.setProperty(dev.shoal.deploy.creator.CreatorHome.PROPERTY, before);
            }
        }
    }

    @Test
    void quoteSendsTheTermAndMaximumAndPrintsSusd() {
        String out = run("order", "quote", "ab".repeat(32), "--replicas", "5", "--months", "12", "--max", "0.002");
        assertThat(requests).singleElement().asString().startsWith("POST /api/orders/quote ")
                .contains("\"months\":12", "\"maxPricePerGbMonth\":\"0.002\"", "\"replicas\":5").endsWith("Bearer t0k");
        assertThat(out).contains("asks 0.000870 sUSD/GB-month", "0.028440 sUSD for the term",
                "storage 0.143640 sUSD + gas 0.162000 sUSD", "= 0.305640 sUSD", "0.745200 sUSD; this order is 0.41x that");
    }

    @Test
    void createStatusAndCancelSpeakTheOrderApi() {
        assertThat(run("order", "create", "ab".repeat(32), "--max", "0.002")).contains("at most 0.002000 sUSD per GB-month",
                "epochs of 86400 s");
        assertThat(run("order", "status", "o1")).contains("o1  OPEN  3/5 replicas active", "0xa0");
        assertThat(run("order", "cancel", "o1")).contains("order o1 is OPEN");
        assertThat(requests.get(0)).startsWith("POST /api/orders ").contains("\"months\":12", "\"maxPricePerGbMonth\":\"0.002\"");
        assertThat(requests.get(1)).startsWith("GET /api/orders/o1 ");
        assertThat(requests.get(2)).startsWith("DELETE /api/orders/o1 ");
    }

    @Test
    void orderHelpListsEveryCommand() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ShoalCli());
        cli.setOut(new PrintWriter(out));
        cli.execute("order", "--help");
        assertThat(out.toString()).contains("quote", "create", "status", "cancel", "fund");
    }

    private static final String ORDER = """
            {"id": "o1", "contentId": "c0", "replicas": 5, "epochs": 360, "status": "OPEN", "liveReplicas": 5, "activeReplicas": 3,
             "maxPricePerGbMonth": "0.002000", "epochSeconds": 86400,
             "deals": [{"agent": "0xa0", "state": "ACTIVE", "endpoint": "http://a0", "lastAuditOutcome": "PASSED"}]}""";

    private static final String QUOTE = """
            {"version": 1, "contentId": "c0", "bytes": 2700000000, "replicas": 5, "months": 12, "epochs": 360, "epochSeconds": 86400,
             "maxPricePerGbMonth": "0.002000", "escrowed": "0.331200",
             "perReplica": [{"agent": "0xa0", "region": "eu", "askPerGbMonth": "0.000870", "pricePerEpoch": "0.000079", "total": "0.028440"}],
             "storage": "0.143640", "gas": {"units": 5400000, "gasPriceGwei": "0.01", "ethPriceUsd": "3000", "cost": "0.162000"},
             "total": "0.305640", "s3": {"pricePerGbMonth": "0.023", "total": "0.745200"}, "ratioToS3": "0.41"}""";
}
