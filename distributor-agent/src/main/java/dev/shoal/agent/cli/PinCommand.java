package dev.shoal.agent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "pin", mixinStandardHelpOptions = true, description = "Keep a content's segments: eviction never touches a pin.")
public class PinCommand implements Callable<Integer> {

    @Mixin
    LocalClient client;

    @Parameters(paramLabel = "CONTENT", description = "Content id (64 hex digits)")
    String content;

    @Override
    public Integer call() {
        try {
            client.call("POST", "/api/local/pins/" + content, null);
            System.out.println("pinned " + content);
            return 0;
        } catch (LocalClient.Failure f) {
            return LocalClient.fail(f);
        }
    }
}
