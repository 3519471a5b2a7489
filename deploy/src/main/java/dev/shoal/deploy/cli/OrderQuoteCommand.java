package dev.shoal.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.http.ServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code shoal order quote CONTENT}: what keeping a content costs, in sUSD, before ordering. */
@Command(name = "quote", mixinStandardHelpOptions = true,
        description = {"What storing one of your contents would cost, in sUSD: each replica at its agent's own ask, the gas,"
                + " the total for the term, and one copy on S3 Standard for comparison.",
                "Example: shoal order quote 3f2a... --replicas 5 --months 12 --max 0.002"})
final class OrderQuoteCommand extends OrderSubcommand {

    @Parameters(index = "0", paramLabel = "CONTENT", description = "the content id (64 hex digits)")
    String content;

    @Option(names = "--replicas", defaultValue = "5", paramLabel = "N", description = "replicas, 5 to 10 (default 5)")
    int replicas;

    @Option(names = "--months", defaultValue = "12", paramLabel = "N", description = "the term in months of 30 days (default 12)")
    int months;

    @Option(names = "--max", paramLabel = "SUSD", description = "the most you pay per GB-month for one replica, in sUSD (e.g. 0.002);"
            + " default: no maximum, quote at the asks")
    String max;



    @Override
    int run(PrintWriter out) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contentId", content);
        body.put("replicas", replicas);
        body.put("months", months);
        if (max != null) {
            body.put("maxPricePerGbMonth", max);
        }
        JsonNode q = options.market().post("/api/orders/quote", body, JsonNode.class);
        print(out, q);
        return 0;
    }

    static void print(PrintWriter out, JsonNode q) {
        out.printf("%d replicas of %s (%,d bytes) for %d months (%d epochs of %d s)%n", q.path("replicas").asInt(),
                q.path("contentId").asText(), q.path("bytes").asLong(), q.path("months").asInt(), q.path("epochs").asLong(),
                q.path("epochSeconds").asLong());
        if (q.hasNonNull("maxPricePerGbMonth")) {
            out.printf("maximum %s sUSD per GB-month; escrowed up front %s sUSD, the rest comes back%n",
                    q.path("maxPricePerGbMonth").asText(), q.path("escrowed").asText());
        }
        for (JsonNode r : q.path("perReplica")) {
            out.printf("  %s (%s)  asks %s sUSD/GB-month  %s sUSD per epoch  %s sUSD for the term%n", r.path("agent").asText(),
                    r.path("region").asText(), r.path("askPerGbMonth").asText(), r.path("pricePerEpoch").asText(), r.path("total").asText());
        }
        if (q.path("perReplica").size() < q.path("replicas").asInt()) {
            out.printf("  only %d agents can take it now: the rest are placed as agents appear%n", q.path("perReplica").size());
        }
        JsonNode gas = q.path("gas");
        out.printf("storage %s sUSD + gas %s sUSD (%,d gas at %s gwei, ETH at $%s) = %s sUSD%n", q.path("storage").asText(),
                gas.path("cost").asText(), gas.path("units").asLong(), gas.path("gasPriceGwei").asText(), gas.path("ethPriceUsd").asText(),
                q.path("total").asText());
        out.printf("one copy on S3 Standard ($%s/GB-month): %s sUSD; this order is %sx that%n", q.path("s3").path("pricePerGbMonth").asText(),
                q.path("s3").path("total").asText(), q.path("ratioToS3").asText());
    }
}
