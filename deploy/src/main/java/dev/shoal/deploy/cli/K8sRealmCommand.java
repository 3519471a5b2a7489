package dev.shoal.deploy.cli;

import dev.shoal.deploy.k8s.RealmImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "k8s-realm", mixinStandardHelpOptions = true,
        description = {"Print the Keycloak Operator's KeycloakRealmImport of Shoal's realm, made from the realm the local stack imports.",
                "Production (the default): no demo users, client secrets from the Secret " + RealmImport.CLIENT_SECRETS
                        + " (key: client id), dashboards only on --marketplace-url. Apply with: ./shoal k8s-realm | kubectl apply -n shoal -f -"})
final class K8sRealmCommand implements Callable<Integer> {

    @Option(names = "--local", description = "the realm as the demo has it, demo users and public secrets included (deploy/k8s/overlays/local)")
    boolean local;

    @Option(names = "--marketplace-url", defaultValue = "https://market.shoal.example",
            description = "where the marketplace's dashboards are reached (default: ${DEFAULT-VALUE})")
    String marketplaceUrl;

    @Override
    public Integer call() {
        System.out.print(RealmImport.render(local, marketplaceUrl.replaceAll("/+$", "")));
        return 0;
    }
}
