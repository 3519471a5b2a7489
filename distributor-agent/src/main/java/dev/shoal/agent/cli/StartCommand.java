package dev.shoal.agent.cli;

import dev.shoal.agent.AgentRuntime;
import dev.shoal.agent.store.ByteSize;
import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "start", mixinStandardHelpOptions = true, description = "Run the agent in the foreground (Ctrl-C stops it).")
public class StartCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (segments, index, manifests, key). Default: ~/.shoal-agent")
    Path data;

    @Option(names = "--quota", paramLabel = "SIZE", description = "Store quota, e.g. 50GB or 500MiB; kept for later starts")
    String quota;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default 8090)")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to listen on (default 127.0.0.1; 0.0.0.0 to serve others)")
    String host;

    @Option(names = "--ask", paramLabel = "SUSD", description = "Ask per GB-month in sUSD, e.g. 0.0009 (default: from the cost model,"
            + " shoal.agent.ask.* in docs/economics.md)")
    String ask;

    @Option(names = "--region", paramLabel = "NAME", description = "Region for placement diversity, e.g. eu-west")
    String region;

    @Option(names = "--public-url", paramLabel = "URL", description = "URL others reach this agent at (registered with the marketplace)")
    String publicUrl;

    @Option(names = "--marketplace", paramLabel = "URL", description = "Marketplace to register with; none: stand-alone")
    String marketplace;

    @Override
    public Integer call() {
        set("shoal.agent.data-dir", data == null ? null : data.toAbsolutePath().toString());
        if (quota != null) {
            long bytes = ByteSize.parse(quota);
            Path dir = data != null ? data : Path.of(System.getProperty("shoal.agent.data-dir",
                    System.getProperty("user.home") + "/.shoal-agent"));
            AgentRuntime.saveQuota(dir, bytes); // an explicit --quota wins over one set earlier at run time
            set("shoal.agent.quota", Long.toString(bytes));
        }
        set("quarkus.http.port", port == null ? null : port.toString());
        set("quarkus.http.host", host);
        set("shoal.agent.ask.per-gb-month", ask);
        set("shoal.agent.region", region);
        set("shoal.agent.public-url", publicUrl);
        set("shoal.marketplace.url", marketplace);
        Quarkus.run();
        return 0;
    }

    private static void set(String key, String value) {
        if (value != null) {
            System.setProperty(key, value);
        }
    }
}
