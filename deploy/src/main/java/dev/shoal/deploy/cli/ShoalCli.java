package dev.shoal.deploy.cli;

import dev.shoal.contracts.cli.VerifyCommand;
import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.creator.ContentCommand;
import dev.shoal.deploy.creator.LoginCommand;
import dev.shoal.deploy.creator.LogoutCommand;
import dev.shoal.deploy.creator.MirrorCommand;
import dev.shoal.deploy.creator.PublishCommand;
import dev.shoal.deploy.creator.WhoamiCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code shoal} command. The {@code ./shoal} script finds a JDK, builds what is stale, and runs
 * this; {@code build} and {@code test} are the script's own (they run Maven).
 */
@Command(name = "shoal", mixinStandardHelpOptions = true, version = "shoal 0.1.0",
        description = "Shoal: peer-to-peer video, live and on demand. Runs the local stack and talks to it.",
        subcommands = {DemoCommand.class, UpCommand.class, DownCommand.class, StatusCommand.class,
                LoginCommand.class, LogoutCommand.class, WhoamiCommand.class,
                PublishCommand.class, VerifyCommand.class, ContentCommand.class, MirrorCommand.class, OrderCommand.class, LiveCommand.class, K8sRealmCommand.class},
        footer = {"", "Script-only commands:",
                "  build     build every module (Maven) and install the npm tools into tools/",
                "  test      run the whole test suite against real services",
                "", "State, logs and data live under .shoal/ in the checkout."})
public final class ShoalCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new ShoalCli());
        cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            if (exception instanceof LaunchException) {
                commandLine.getErr().println("shoal: " + exception.getMessage());
                return 2;
            }
            throw exception;
        });
        return cli.execute(args);
    }
}
