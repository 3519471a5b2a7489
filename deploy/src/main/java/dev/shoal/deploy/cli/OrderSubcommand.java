package dev.shoal.deploy.cli;

import dev.shoal.cli.http.ServiceClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * What every {@code shoal order} command shares: the marketplace and the creator's token ({@link OrderMarketOptions}),
 * and one way to end. A refusal (the marketplace's problem, a missing login or local stack, a key or chain that does
 * not fit) prints one line naming the command and exits 1; anything else prints what broke and exits 2.
 */
abstract class OrderSubcommand implements Callable<Integer> {

    /** A refusal the creator can act on, said in one line. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    @Mixin
    OrderMarketOptions options;

    @Spec
    CommandSpec spec;

    /** The command's work, with the marketplace ready to call; its exit code. */
    abstract int run(PrintWriter out) throws Exception;

    @Override
    public final Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName(" "); // "shoal order create"
        try {
            return run(spec.commandLine().getOut());
        } catch (ServiceClient.Refused | Refused e) {
            err.println(name + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println(name + ": " + e);
            return 2;
        }
    }
}
