package dev.shoal.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.agent.store.ByteSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Disk, store, contents, pins, bytes served, marketplace link.")
public class StatusCommand implements Callable<Integer> {

    @Mixin
    LocalClient client;

    @Option(names = "--json", description = "Print the full status as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try {
            JsonNode s = client.call("GET", "/api/local/status", null);
            if (json) {
                System.out.println(LocalClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
                return 0;
            }
            JsonNode st = s.path("store");
            System.out.printf("agent       %s at %s%n", s.path("agent").asText(), client.base());
            System.out.printf("data        %s (disk free %s)%n", s.path("disk").path("dataDir").asText(),
                    ByteSize.format(s.path("disk").path("freeBytes").asLong()));
            System.out.printf("store       %s of %s quota, %d segments, %s pinned, %d quarantined%n",
                    ByteSize.format(st.path("usedBytes").asLong()), ByteSize.format(st.path("quotaBytes").asLong()),
                    st.path("segments").asInt(), ByteSize.format(st.path("pinnedBytes").asLong()), st.path("quarantined").asInt());
            System.out.printf("served      %s (transport %s)%n", ByteSize.format(s.path("servedBytes").asLong()),
                    s.path("transport").asText("?"));
            for (JsonNode c : s.path("contents")) {
                System.out.printf("content     %s  %-24s %d/%d segments%s%n", c.path("contentId").asText(),
                        c.path("title").asText(), c.path("segmentsHeld").asInt(), c.path("segments").asInt(),
                        c.path("pins").isEmpty() ? "" : "  pinned");
            }
            JsonNode m = s.path("marketplace");
            System.out.printf("marketplace %s%n", m.path("url").isNull() ? m.path("state").asText()
                    : m.path("url").asText() + " (" + m.path("state").asText() + ", " + m.path("deals").size() + " deals)");
            JsonNode e = m.path("earnings");
            if (e.isObject()) {
                System.out.printf("earnings    %s; %d deals at the marketplace, %s%n", e.path("chainError").isTextual()
                        ? e.path("chainError").asText()
                        : "withdrawable " + amount(e, "withdrawable") + ", claimable " + amount(e, "claimable"),
                        e.path("deals").size(), m.path("earningsState").asText());
            }
            return 0;
        } catch (LocalClient.Failure f) {
            return LocalClient.fail(f);
        }
    }

    private static String amount(JsonNode earnings, String field) {
        return new java.math.BigDecimal(new java.math.BigInteger(earnings.path(field).asText("0")), earnings.path("decimals").asInt())
                .stripTrailingZeros().toPlainString() + " " + earnings.path("token").asText();
    }
}
