package dev.shoal.agent.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/**
 * One jar, two roles: with no arguments (how the launcher starts agents, settings as -D system properties) or
 * {@code start}, it is the daemon; any other command is a short-lived client of the running daemon's local API,
 * which never boots Quarkus (so it never competes for the agent's port).
 */
@QuarkusMain
public class AgentMain {

    public static void main(String... args) {
        if (args.length == 0) {
            Quarkus.run(args);
            return;
        }
        int code = new CommandLine(new AgentCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        if (!(args[0].equals("start") && code == 0)) {
            System.exit(code);
        }
    }
}
