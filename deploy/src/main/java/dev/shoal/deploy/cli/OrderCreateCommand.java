package dev.shoal.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.http.ServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Map;

/** {@code shoal order create CONTENT --max SUSD}: orders archival storage of one of your contents. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Order archival storage of one of your contents: replicas, a term in months and the most you pay per"
                + " GB-month for one replica, in sUSD. Each replica then costs its own agent's ask; fund it with shoal order fund.",
                "Example: shoal order create 3f2a... --replicas 5 --months 12 --max 0.002"})
final class OrderCreateCommand extends OrderSubcommand {

    @Parameters(index = "0", paramLabel = "CONTENT", description = "the content id (64 hex digits)")
    String content;

    @Option(names = "--replicas", defaultValue = "5", paramLabel = "N", description = "replicas, 5 to 10 (default 5)")
    int replicas;

    @Option(names = "--months", defaultValue = "12", paramLabel = "N", description = "the term in months of 30 days (default 12)")
    int months;

    @Option(names = "--max", required = true, paramLabel = "SUSD", description = "the most you pay per GB-month for one replica, in sUSD")
    String max;



    @Override
    int run(PrintWriter out) throws Exception {
        JsonNode order = options.market().post("/api/orders", Map.of("contentId", content, "replicas", replicas,
                "months", months, "maxPricePerGbMonth", max), JsonNode.class);
        out.printf("order %s: %d replicas of %s for %d epochs of %d s, at most %s sUSD per GB-month; %d placed so far%n",
                order.path("id").asText(), order.path("replicas").asInt(), order.path("contentId").asText(),
                order.path("epochs").asInt(), order.path("epochSeconds").asLong(), order.path("maxPricePerGbMonth").asText(),
                order.path("liveReplicas").asLong());
        out.println("next: shoal order status " + order.path("id").asText() + ", then shoal order fund " + order.path("id").asText()
                + " --key-file YOUR_KEY once every replica is placed");
        return 0;
    }
}
