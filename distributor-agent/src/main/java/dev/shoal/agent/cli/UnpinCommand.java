package dev.shoal.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "unpin", mixinStandardHelpOptions = true, description = "Remove your pin of a content (pins of paid deals stay until the deal ends).")
public class UnpinCommand implements Callable<Integer> {

    @Mixin
    LocalClient client;

    @Parameters(paramLabel = "CONTENT", description = "Content id (64 hex digits)")
    String content;

    @Override
    public Integer call() {
        try {
            JsonNode r = client.call("DELETE", "/api/local/pins/" + content, null);
            System.out.println(r.path("pinned").asBoolean() ? "unpinned " + content + " (still pinned by a deal)" : "unpinned " + content);
            return 0;
        } catch (LocalClient.Failure f) {
            return LocalClient.fail(f);
        }
    }
}
