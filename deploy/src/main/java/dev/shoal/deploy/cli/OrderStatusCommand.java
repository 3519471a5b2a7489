package dev.shoal.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.http.ServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/** {@code shoal order status [ORDER]}: one order with its replicas, or all of yours. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "One of your storage orders with each replica (agent, state, last audit), or all of them without ORDER.")
final class OrderStatusCommand extends OrderSubcommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ORDER", description = "the order id (default: all your orders)")
    String order;



    @Override
    int run(PrintWriter out) throws Exception {
        ServiceClient market = options.market();
        if (order != null) {
            print(out, market.get("/api/orders/" + order, JsonNode.class), true);
        } else {
            JsonNode all = market.get("/api/orders", JsonNode.class);
            if (all.isEmpty()) {
                out.println("no orders yet: shoal order quote CONTENT, then shoal order create CONTENT --max SUSD");
            }
            all.forEach(o -> print(out, o, false));
        }
        return 0;
    }

    static void print(PrintWriter out, JsonNode o, boolean replicas) {
        out.printf("%s  %s  %d/%d replicas active (%d placed)  %d epochs of %d s  at most %s sUSD per GB-month  content %s%n",
                o.path("id").asText(), o.path("status").asText(), o.path("activeReplicas").asLong(), o.path("replicas").asInt(),
                o.path("liveReplicas").asLong(), o.path("epochs").asInt(), o.path("epochSeconds").asLong(),
                o.path("maxPricePerGbMonth").asText(), o.path("contentId").asText());
        if (replicas) {
            for (JsonNode d : o.path("deals")) {
                out.printf("  %s  %-11s  %s  last audit %s %s%n", d.path("agent").asText(), d.path("state").asText(),
                        d.path("endpoint").asText(), d.path("lastAuditOutcome").asText("-"), d.path("lastAudit").asText(""));
            }
        }
    }
}
