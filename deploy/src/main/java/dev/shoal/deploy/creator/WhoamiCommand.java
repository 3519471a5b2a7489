package dev.shoal.deploy.creator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code shoal whoami}: who the kept login signs in as, checked with the identity provider now. */
@Command(name = "whoami", mixinStandardHelpOptions = true, description = "Show who shoal login signed in, checked with the identity provider now.")
public final class WhoamiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            CreatorSession session = CreatorSession.open(CreatorHome.locate());
            spec.commandLine().getOut().println(session.user() + " at " + session.issuer());
            return 0;
        } catch (CreatorException e) {
            spec.commandLine().getErr().println("shoal whoami: " + e.getMessage());
            return 1;
        }
    }
}
