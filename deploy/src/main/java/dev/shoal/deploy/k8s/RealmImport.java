package dev.shoal.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The Keycloak Operator's {@code KeycloakRealmImport} of the realm the local stack imports ({@code keycloak/shoal-realm.json},
 * one source). For production the demo users go (the clients' service accounts stay), each client secret becomes a placeholder the operator fills from the
 * Secret {@value #CLIENT_SECRETS} (key: the client id), the dashboard client may only return to the marketplace's public
 * URL, and TLS is required for external requests. {@code local} keeps the realm as the demo has it.
 */
public final class RealmImport {

    public static final String REALM_RESOURCE = "/keycloak/shoal-realm.json";
    public static final String CLIENT_SECRETS = "shoal-keycloak-clients";
    public static final String KEYCLOAK = "shoal-keycloak";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RealmImport() {
    }

    /** The realm the local stack imports, parsed. */
    public static ObjectNode localRealm() {
        try (InputStream in = RealmImport.class.getResourceAsStream(REALM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(REALM_RESOURCE + " is not on the class path");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The custom resource, as JSON (which kubectl reads as YAML). */
    public static String render(boolean local, String marketplaceUrl) {
        ObjectNode realm = localRealm();
        ObjectNode placeholders = JSON.createObjectNode();
        if (!local) {
            // the demo users go; the clients' service accounts and their roles stay (player-gateway's: role gateway)
            var users = realm.withArray("users");
            for (int i = users.size() - 1; i >= 0; i--) {
                if (!users.get(i).has("serviceAccountClientId")) {
                    users.remove(i);
                }
            }
            realm.put("sslRequired", "external");
            for (JsonNode node : realm.withArray("clients")) {
                ObjectNode client = (ObjectNode) node;
                String id = client.path("clientId").asText();
                if (client.has("secret")) {
                    String placeholder = id.toUpperCase(Locale.ROOT).replace('-', '_') + "_CLIENT_SECRET";
                    client.put("secret", "${" + placeholder + "}");
                    placeholders.putObject(placeholder).putObject("secret").put("name", CLIENT_SECRETS).put("key", id);
                }
                if (id.equals("player-gateway-studio")) {
                    // the operator adds the gateway's public URL (https://GATEWAY/studio/*); no local address in production
                    client.set("redirectUris", JSON.createArrayNode());
                    client.set("webOrigins", JSON.createArrayNode());
                    client.set("attributes", ((ObjectNode) client.path("attributes").deepCopy()).put("post.logout.redirect.uris", ""));
                }
                if (id.equals("marketplace-dashboard")) {
                    client.set("redirectUris", JSON.createArrayNode().add(marketplaceUrl + "/dashboard/*"));
                    client.set("webOrigins", JSON.createArrayNode().add(marketplaceUrl));
                    client.set("attributes", ((ObjectNode) client.path("attributes").deepCopy())
                            .put("post.logout.redirect.uris", marketplaceUrl + "/*"));
                }
            }
        }
        ObjectNode resource = JSON.createObjectNode();
        resource.put("apiVersion", "k8s.keycloak.org/v2alpha1").put("kind", "KeycloakRealmImport");
        resource.putObject("metadata").put("name", "shoal-realm");
        ObjectNode spec = resource.putObject("spec");
        spec.put("keycloakCRName", KEYCLOAK);
        spec.set("realm", realm);
        if (!placeholders.isEmpty()) {
            spec.set("placeholders", placeholders);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(resource) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
