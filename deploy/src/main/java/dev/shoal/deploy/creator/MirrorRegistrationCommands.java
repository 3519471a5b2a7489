package dev.shoal.deploy.creator;

import dev.shoal.cli.http.ServiceClient;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.mirror.MirrorList;
import dev.shoal.contracts.mirror.MirrorRegistration;
import dev.shoal.contracts.mirror.MirrorTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * {@code shoal mirror add|remove|list}: registers a mirror's URL template with the marketplace, signed with the
 * creator's key (the key that signed the content's manifest), so players and agents use it as a source.
 */
final class MirrorRegistrationCommands {

    private MirrorRegistrationCommands() {
    }

    /** What add and remove share: the content, the URL, the key, the marketplace. */
    abstract static class Signed implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "CONTENT", description = "the content id (64 hex digits)")
        String content;

        @Parameters(index = "1", paramLabel = "URL", description = "the mirror's URL template, with {sha256} and optionally {ext}"
                + " (as shoal mirror push prints it), or a base URL serving /segments/{sha256}")
        String url;

        @Option(names = "--key", paramLabel = "FILE", description = "the key that signed the content (64 hex digits); default: the public demo creator key")
        Path keyFile;

        @Option(names = "--marketplace", paramLabel = "URL", description = "the marketplace (default: the local stack's)")
        String marketplace;

        @Spec
        CommandSpec spec;

        abstract String action();

        abstract String done(MirrorTemplate template);

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String name = "shoal mirror " + spec.name();
            try {
                if (content == null || !content.matches("[0-9a-f]{64}")) {
                    throw new CreatorException("a content id is 64 lowercase hex digits, not " + content);
                }
                MirrorTemplate template = MirrorTemplate.parse(url);
                send(market(marketplace), action(), content, template, CreatorKeys.load(out, keyFile));
                out.println(done(template));
                return 0;
            } catch (CreatorException | ServiceClient.Refused | ServiceClient.Unreachable e) {
                err.println(name + ": " + e.getMessage());
                return 1;
            } catch (dev.shoal.contracts.error.ContentException e) {
                err.println(name + ": " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = {"Register a mirror of your content: players and agents"
            + " then fetch from it like from an agent, checking every byte by hash.",
            "Example: shoal mirror add 3f2a... 'http://127.0.0.1:9000/videos/shoal/segments/{sha256}.{ext}'"})
    static final class Add extends Signed {
        @Override
        String action() {
            return MirrorRegistration.ADD;
        }

        @Override
        String done(MirrorTemplate template) {
            return "mirror registered: " + template + "\nthe locator lists it among the content's sources";
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a mirror of your content.")
    static final class Remove extends Signed {
        @Override
        String action() {
            return MirrorRegistration.REMOVE;
        }

        @Override
        String done(MirrorTemplate template) {
            return "mirror removed: " + template;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "A content's registered mirrors.")
    static final class List implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "CONTENT", description = "the content id (64 hex digits)")
        String content;

        @Option(names = "--marketplace", paramLabel = "URL", description = "the marketplace (default: the local stack's)")
        String marketplace;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                MirrorList list = new ServiceClient(market(marketplace)).get("/api/contents/" + content + "/mirrors", MirrorList.class);
                if (list.mirrors().isEmpty()) {
                    out.println("no mirrors");
                }
                for (MirrorList.Mirror m : list.mirrors()) {
                    out.printf("%s%n  registered %s by %s%n", m.url(), m.registeredAt(), m.registrant());
                }
                return 0;
            } catch (CreatorException | ServiceClient.Refused | ServiceClient.Unreachable e) {
                spec.commandLine().getErr().println("shoal mirror list: " + e.getMessage());
                return 1;
            }
        }
    }

    /**
     * Signs the registration (add or remove) with {@code key}, the key that signed the content (a fork's advertiser's, for
     * a fork), and sends it to the marketplace.
     */
    static void send(String marketplace, String action, String content, MirrorTemplate template, SigningKey key) {
        MirrorRegistration r = MirrorRegistration.sign(key, action, Sha256.fromHex(content), template, Clock.systemUTC());
        ServiceClient market = new ServiceClient(marketplace);
        String path = "/api/contents/" + content + "/mirrors";
        if (MirrorRegistration.ADD.equals(action)) {
            market.post(path, r, MirrorList.Mirror.class);
        } else {
            market.delete(path, r, Object.class);
        }
    }

    static String market(String given) {
        if (given != null) {
            return given;
        }
        return LocalStack.find().flatMap(LocalStack::marketplace)
                .orElseThrow(() -> new CreatorException("no --marketplace and no local stack running (./shoal up)"));
    }
}
