package dev.shoal.deploy.creator;

import dev.shoal.cli.login.DeviceLogin;
import dev.shoal.cli.login.IdentityProvider;
import dev.shoal.cli.login.LoginException;
import dev.shoal.cli.login.StoredLogin;
import dev.shoal.cli.login.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code shoal login}: signs the creator in with the OAuth 2.0 device grant (a URL and a code for any browser; no
 * password on the command line) and keeps the refresh token for {@code shoal publish} and {@code shoal content}.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Sign in as a creator, once: open the printed URL in any browser, check the code, sign in and approve.",
                "The login is kept in ~/.config/shoal/" + CreatorHome.LOGIN_FILE + " (or $" + CreatorHome.ENV + "), readable by you only;"
                        + " shoal logout forgets and revokes it.",
                "Default identity provider: the local stack's (./shoal up or ./shoal demo)."})
public final class LoginCommand implements Callable<Integer> {

    @Option(names = "--issuer", paramLabel = "URL", description = "the realm to sign in to, e.g. http://127.0.0.1:8180/realms/shoal (default: the local stack's)")
    String issuer;

    @Option(names = "--client", paramLabel = "ID", defaultValue = StoredLogin.CLI_CLIENT,
            description = "the realm's public client with the device grant (default: ${DEFAULT-VALUE})")
    String client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String realm = issuer != null ? issuer : LocalStack.find().flatMap(LocalStack::issuer)
                    .orElseThrow(() -> new CreatorException("no --issuer given and no local stack running (./shoal up)"));
            IdentityProvider provider = new IdentityProvider(realm, client);
            CreatorHome home = CreatorHome.locate();
            Tokens tokens = new DeviceLogin(provider).run(device -> {
                out.println("To sign in, open");
                out.println();
                out.println("    " + (device.verificationUriComplete() != null ? device.verificationUriComplete() : device.verificationUri()));
                out.println();
                out.println("in any browser, check that it shows the code " + device.userCode() + ", sign in and approve.");
                out.printf("Waiting (the code is valid for %d minutes)...%n", Math.max(1, device.expiresInSeconds() / 60));
                out.flush();
            });
            StoredLogin login = StoredLogin.of(provider, tokens);
            login.write(home.loginFile());
            out.println("Signed in as " + login.user() + " at " + realm + ". Login kept in " + home.loginFile() + ".");
            out.flush();
            return 0;
        } catch (LoginException e) {
            err.println("shoal login: " + e.getMessage() + (e.getMessage().contains("Offline tokens not allowed")
                    ? " (the realm in .shoal/keycloak is older than this checkout's: ./shoal down, delete .shoal/keycloak/, start again)" : ""));
            err.flush();
            return 1;
        } catch (CreatorException e) {
            err.println("shoal login: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
