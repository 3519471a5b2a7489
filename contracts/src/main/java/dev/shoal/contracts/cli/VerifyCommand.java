package dev.shoal.contracts.cli;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.manifest.FolderVerifier;
import dev.shoal.contracts.manifest.HlsFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code shoal verify DIR}: checks a folder against its signed manifest; exit 1 naming the first bad segment. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check an HLS folder against DIR/" + HlsFolder.MANIFEST_FILE + ": the creator's signature, "
                + "then every segment in playing order.", "Exits 1 naming the first segment that does not match."})
public class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "a folder written by publish")
    Path dir;

    @Option(names = "--creator", paramLabel = "ADDRESS", description = "also require this creator address")
    String creator;

    @Spec
    CommandSpec spec;

    public VerifyCommand() {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            FolderVerifier.Report report = FolderVerifier.verify(dir, bytes -> { });
            if (creator != null) {
                report.manifest().verify(Address.parse(creator));
            }
            out.printf("OK: %d segments in %d rendition(s), %d bytes, match content %s signed by %s%n",
                    report.segments(), report.renditions(), report.bytes(), report.manifest().contentId().hex(),
                    report.manifest().manifest().creator());
            out.flush();
            return 0;
        } catch (ContentException.SegmentFailure e) {
            err.println("MISMATCH [" + e.code() + "] " + e.getMessage());
            err.flush();
            return 1;
        } catch (ContentException e) {
            err.println("verify failed [" + e.code() + "]: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
