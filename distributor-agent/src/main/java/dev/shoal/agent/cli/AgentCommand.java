package dev.shoal.agent.cli;

import picocli.CommandLine.Command;

@Command(name = "distributor-agent", mixinStandardHelpOptions = true, version = "shoal distributor-agent 0.1.0",
        description = "A Shoal volunteer's daemon: stores segments under a quota, serves them, fetches contents"
                + " from up to 8 sources at once, and earns through the marketplace.",
        subcommands = {StartCommand.class, StatusCommand.class, FetchCommand.class, PinCommand.class,
                UnpinCommand.class, QuotaCommand.class, TipsCommand.class, EarningsCommand.class, LoginCommand.class},
        footer = {"", "Without a command the daemon starts with its settings from -D system properties",
                "(shoal.agent.data-dir, quarkus.http.port, ...), as ./shoal demo does."})
public class AgentCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
