package dev.shoal.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.agent.store.ByteSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "quota", mixinStandardHelpOptions = true, description = "Change the store's quota now (evicts down to it); kept across restarts.")
public class QuotaCommand implements Callable<Integer> {

    @Mixin
    LocalClient client;

    @Parameters(paramLabel = "SIZE", description = "e.g. 50GB, 500MiB, or bytes")
    String size;

    @Override
    public Integer call() {
        try {
            JsonNode r = client.call("PUT", "/api/local/quota", Map.of("quota", size));
            System.out.printf("quota %s; evicted %d segments (%s); %s used%n", ByteSize.format(r.path("quotaBytes").asLong()),
                    r.path("evicted").asInt(), ByteSize.format(r.path("freedBytes").asLong()),
                    ByteSize.format(r.path("usedBytes").asLong()));
            if (r.path("overQuotaByPins").asBoolean()) {
                System.out.println("warning: " + r.path("note").asText());
            }
            return 0;
        } catch (LocalClient.Failure f) {
            return LocalClient.fail(f);
        }
    }
}
