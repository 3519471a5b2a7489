package dev.shoal.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.http.ServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code shoal order cancel ORDER}: ends an order; the escrow pays the epochs served and refunds the rest. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel one of your storage orders: its replicas are cancelled, the escrow pays the agents the epochs"
                + " they served (at their asks) and refunds the rest to the wallet that funded it.")
final class OrderCancelCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ORDER", description = "the order id")
    String order;

    @Mixin
    OrderMarketOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            JsonNode o = options.market().delete("/api/orders/" + order, JsonNode.class);
            out.println("order " + o.path("id").asText() + " is " + o.path("status").asText()
                    + ": the escrow pays the epochs served and refunds the rest on the settlement job's next run");
            return 0;
        } catch (ServiceClient.Refused | OrderFundCommand.Refused e) {
            err.println("shoal order cancel: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("shoal order cancel: " + e);
            return 2;
        }
    }
}
