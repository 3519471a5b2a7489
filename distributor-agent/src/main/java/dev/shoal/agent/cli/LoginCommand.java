package dev.shoal.agent.cli;

import dev.shoal.cli.login.DeviceLogin;
import dev.shoal.cli.login.IdentityProvider;
import dev.shoal.cli.login.LoginException;
import dev.shoal.cli.login.StoredLogin;
import dev.shoal.cli.login.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Signs the operator in once, with the OAuth 2.0 device grant: prints a URL and a code to enter in any browser,
 * waits for the approval, and keeps the refresh token in the data folder (mode 0600). The daemon then gets its
 * access tokens from it, so its configuration holds no password. Needs no running agent.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Sign the agent's operator in to the marketplace's identity provider, once: open the printed URL in any",
                "browser, enter the code, sign in and approve. The agent keeps a refresh token in DATA/" + StoredLogin.OPERATOR_LOGIN_FILE
                        + " (readable by you only) and gets its tokens from it; run login again when it says the login was revoked or expired."})
public class LoginCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "The agent's data folder (default ~/.shoal-agent)")
    Path data;

    @Option(names = "--issuer", paramLabel = "URL", defaultValue = "http://127.0.0.1:8180/realms/shoal",
            description = "The marketplace's identity provider realm, as the agent's quarkus.oidc.auth-server-url (default ${DEFAULT-VALUE})")
    String issuer;

    @Option(names = "--client", paramLabel = "ID", defaultValue = StoredLogin.CLI_CLIENT,
            description = "The realm's public client with the device grant (default ${DEFAULT-VALUE})")
    String client;

    @Override
    public Integer call() {
        Path file = (data != null ? data : Path.of(System.getProperty("user.home"), ".shoal-agent")).resolve(StoredLogin.OPERATOR_LOGIN_FILE);
        IdentityProvider provider = new IdentityProvider(issuer, client);
        try {
            Tokens tokens = new DeviceLogin(provider).run(device -> {
                System.out.println("To sign this agent's operator in, open");
                System.out.println();
                System.out.println("    " + (device.verificationUriComplete() != null ? device.verificationUriComplete() : device.verificationUri()));
                System.out.println();
                System.out.println("in any browser, check that it shows the code " + device.userCode() + ", sign in and approve.");
                System.out.printf("Waiting (the code is valid for %d minutes)...%n", Math.max(1, device.expiresInSeconds() / 60));
                System.out.flush();
            });
            StoredLogin login = StoredLogin.of(provider, tokens);
            login.write(file);
            System.out.println("Signed in as " + login.user() + ". The agent uses this login from now on (" + file + ").");
            return 0;
        } catch (LoginException e) {
            System.err.println("login failed: " + e.getMessage());
            return 1;
        }
    }
}
