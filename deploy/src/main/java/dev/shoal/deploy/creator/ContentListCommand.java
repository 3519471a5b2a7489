package dev.shoal.deploy.creator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.http.ServiceClient;
import dev.shoal.contracts.directory.CatalogEntry;
import dev.shoal.contracts.manifest.SignedManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code shoal content list}: the signed-in creator's contents, newest first, in units a person reads: title, length,
 * size, date, content id and watch link. The length comes from each content's signed manifest (the public catalog).
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the contents you published (sign in first with shoal login): title, length, size, date, content id, watch link.",
                "Defaults (marketplace, gateway) come from the local stack started by ./shoal up or ./shoal demo."})
public final class ContentListCommand implements Callable<Integer> {

    @Option(names = "--marketplace", paramLabel = "URL", description = "the marketplace (default: the local stack's)")
    String marketplace;

    @Option(names = "--gateway", paramLabel = "URL", description = "the player gateway the watch links point at (default: the local stack's)")
    String gateway;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            LocalStack local = LocalStack.find().orElse(null);
            String market = pick(marketplace, local == null ? null : local.marketplace().orElse(null), "--marketplace");
            String watch = pick(gateway, local == null ? null : local.gateway().orElse(null), "--gateway");
            ServiceClient catalog = new ServiceClient(market);
            ServiceClient mine = catalog.withBearer(CreatorSession.open(CreatorHome.locate()).accessToken());
            List<JsonNode> contents = List.of(mine.get("/api/contents", JsonNode[].class));
            if (contents.isEmpty()) {
                out.println("You have published nothing yet: shoal publish VIDEO");
                return 0;
            }
            out.printf("%d content%s%n", contents.size(), contents.size() == 1 ? "" : "s");
            for (JsonNode c : contents) {
                String id = c.path("contentId").asText();
                String length = duration(catalog, id);
                out.println();
                out.printf("%s%n", c.path("title").asText());
                out.printf("  %s, %s, published %s%n", length, HumanUnits.size(c.path("totalBytes").asLong()),
                        HumanUnits.date(c.path("registeredAt").asText()));
                out.printf("  content  %s%n", id);
                out.printf("  watch    %s/watch/%s%n", watch, id);
            }
            out.flush();
            return 0;
        } catch (CreatorException e) {
            err.println("shoal content list: " + e.getMessage());
            return 1;
        } catch (ServiceClient.Refused | ServiceClient.Unreachable e) {
            err.println("shoal content list: " + e.getMessage());
            return 1;
        }
    }

    private static String duration(ServiceClient catalog, String id) {
        try {
            CatalogEntry entry = catalog.get("/api/catalog/" + id, CatalogEntry.class);
            return HumanUnits.duration(SignedManifest.fromJson(entry.manifest()).manifest().renditions().get(0).durationMicros() / 1e6);
        } catch (RuntimeException e) {
            return "length unknown";
        }
    }

    private static String pick(String given, String local, String option) {
        String url = given != null ? given : local;
        if (url == null) {
            throw new CreatorException("no " + option + " given and no local stack running (./shoal up)");
        }
        return url.replaceAll("/+$", "");
    }
}
