package dev.shoal.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.http.ServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/** {@code shoal order cancel ORDER}: ends an order; the escrow pays the epochs served and refunds the rest. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel one of your storage orders: its replicas are cancelled, the escrow pays the agents the epochs"
                + " they served (at their asks) and refunds the rest to the wallet that funded it.")
final class OrderCancelCommand extends OrderSubcommand {

    @Parameters(index = "0", paramLabel = "ORDER", description = "the order id")
    String order;



    @Override
    int run(PrintWriter out) throws Exception {
        JsonNode o = options.market().delete("/api/orders/" + order, JsonNode.class);
        out.println("order " + o.path("id").asText() + " is " + o.path("status").asText()
                + ": the escrow pays the epochs served and refunds the rest on the settlement job's next run");
        return 0;
    }
}
