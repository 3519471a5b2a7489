package dev.shoal.contracts.cli;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/** {@code shoal publish DIR [--key FILE] [--title T]}: builds and signs the manifest of an HLS folder. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Build and sign the manifest of a finished HLS folder (master + media playlists, TS or fMP4).",
                "Writes DIR/" + HlsFolder.MANIFEST_FILE + " and prints the content id on the last line."})
public class PublishCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "folder holding the playlists and segments")
    Path dir;

    @Option(names = "--key", paramLabel = "FILE",
            description = "creator private key file (64 hex digits); default: the public demo creator key")
    Path keyFile;

    @Option(names = "--title", paramLabel = "T", description = "title; default: the folder's name")
    String title;

    @Option(names = "--no-progress", description = "do not draw a progress bar")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    public PublishCommand() {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            SigningKey key;
            if (keyFile == null) {
                key = DemoKeys.creator();
                out.println("No --key given: signing with the public DEMO creator key " + key.address()
                        + " (anvil account #0). Never use it for real content.");
            } else {
                key = SigningKey.fromFile(keyFile);
            }
            HlsFolder folder = HlsFolder.open(dir);
            String t = title != null ? title : folder.dir().getFileName().toString();
            long total = folder.totalBytes();
            Manifest manifest;
            if (noProgress) {
                manifest = ManifestBuilder.build(folder, t, key.address());
            } else {
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Hashing").setInitialMax(total)
                        .setUnit(total >= 16L << 20 ? " MiB" : " KiB", total >= 16L << 20 ? 1L << 20 : 1L << 10).showSpeed().setStyle(ProgressBarStyle.ASCII)
                        .continuousUpdate().build()) {
                    manifest = ManifestBuilder.build(folder, t, key.address(), bar::stepBy,
                            Runtime.getRuntime().availableProcessors());
                }
            }
            SignedManifest signed = manifest.sign(key);
            Path target = folder.dir().resolve(HlsFolder.MANIFEST_FILE);
            Path tmp = folder.dir().resolve(HlsFolder.MANIFEST_FILE + ".tmp");
            Files.writeString(tmp, signed.toJson(), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            int segments = manifest.renditions().stream().mapToInt(r -> r.segments().size()).sum();
            out.printf("Published '%s': %d rendition(s), %d segments, %d bytes, signed by %s%n", t,
                    manifest.renditions().size(), segments, total, key.address());
            out.println("Manifest: " + target);
            out.println(manifest.contentId().hex());
            out.flush();
            return 0;
        } catch (ContentException e) {
            err.println("publish failed [" + e.code() + "]: " + e.getMessage());
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("publish failed [storage.failure]: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
