package dev.shoal.deploy.creator;

import dev.shoal.cli.login.IdentityProvider;
import dev.shoal.cli.login.LoginException;
import dev.shoal.cli.login.StoredLogin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code shoal logout}: revokes the kept refresh token at the identity provider and deletes the login file. */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = "Forget the login shoal login kept: revoke its refresh token at the identity provider and delete the file.")
public final class LogoutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        CreatorHome home = CreatorHome.locate();
        Optional<StoredLogin> login;
        try {
            login = StoredLogin.read(home.loginFile());
        } catch (RuntimeException e) {
            login = Optional.empty();
        }
        if (login.isEmpty() && !Files.exists(home.loginFile())) {
            out.println("Not signed in: nothing to forget.");
            return 0;
        }
        String revoked = "";
        if (login.isPresent()) {
            try {
                new IdentityProvider(login.get().issuer(), login.get().clientId()).revoke(login.get().refreshToken());
                revoked = " and revoked at " + login.get().issuer();
            } catch (LoginException e) {
                revoked = " (not revoked: " + e.getMessage() + ")";
            }
        }
        Files.deleteIfExists(home.loginFile());
        out.println("Signed out: login deleted from " + home.loginFile() + revoked + ".");
        return 0;
    }
}
