package dev.shoal.contracts.bench;

import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.proof.Challenge;
import dev.shoal.contracts.proof.Prover;
import dev.shoal.contracts.proof.RetentionProof;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The content model's benchmarks (docs/benchmarks.md): manifest building against sha256sum over the same files
 * in one run, proof size per sampled chunk, and (JMH) proof verification on one thread.
 * Arguments: [throughput] [size] [jmh]; none means all.
 */
public final class ContentBenchmarks {

    public static void main(String[] args) throws Exception {
        List<String> what = args.length == 0 ? List.of("throughput", "size", "jmh") : List.of(args);
        if (what.contains("throughput")) {
            throughput(48, 4 << 20, 3);
        }
        if (what.contains("size")) {
            proofSize();
        }
        if (what.contains("jmh")) {
            new Runner(new OptionsBuilder().include(ProofVerificationBenchmark.class.getSimpleName())
                    .forks(1).threads(1).warmupIterations(2).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(3)).build()).run();
        }
    }

    static void throughput(int segments, int size, int rounds) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("shoal-bench");
        try {
            Random random = new Random(42);
            byte[] buf = new byte[size];
            StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:8\n");
            List<String> files = new ArrayList<>();
            for (int i = 0; i < segments; i++) {
                random.nextBytes(buf);
                String name = String.format(Locale.ROOT, "seg_%03d.ts", i);
                Files.write(dir.resolve(name), buf);
                files.add(dir.resolve(name).toString());
                playlist.append("#EXTINF:8.0,\n").append(name).append('\n');
            }
            Files.writeString(dir.resolve("index.m3u8"), playlist.append("#EXT-X-ENDLIST\n"));
            double mib = (double) segments * size / (1 << 20);
            System.out.printf(Locale.ROOT, "Manifest building vs sha256sum: %d segments of %d MiB (%.0f MiB), %d cores%n",
                    segments, size >> 20, mib, Runtime.getRuntime().availableProcessors());
            sha256sum(files); // warm the page cache
            build(dir, 1);
            double bestSum = 0, bestAll = 0, bestOne = 0;
            for (int r = 0; r < rounds; r++) {
                bestSum = Math.max(bestSum, mib / sha256sum(files));
                bestAll = Math.max(bestAll, mib / build(dir, Runtime.getRuntime().availableProcessors()));
                bestOne = Math.max(bestOne, mib / build(dir, 1));
            }
            System.out.printf(Locale.ROOT, "  sha256sum                 %8.1f MiB/s%n", bestSum);
            System.out.printf(Locale.ROOT, "  manifest, all cores       %8.1f MiB/s  = %.2fx sha256sum%n", bestAll, bestAll / bestSum);
            System.out.printf(Locale.ROOT, "  manifest, one thread      %8.1f MiB/s  = %.2fx sha256sum%n", bestOne, bestOne / bestSum);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double sha256sum(List<String> files) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("sha256sum");
        cmd.addAll(files);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IOException("sha256sum failed");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double build(Path dir, int threads) {
        long t0 = System.nanoTime();
        Manifest m = ManifestBuilder.build(HlsFolder.open(dir), "bench", DemoKeys.creator().address(), n -> { }, threads);
        if (m.renditions().isEmpty()) {
            throw new IllegalStateException();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    static void proofSize() {
        System.out.println("Proof size per sampled chunk (binary encoding, 40 samples):");
        int[][] shapes = {{1, 10, 1 << 20}, {4, 900, 4 << 20}, {6, 1800, 10 << 20}};
        for (int[] s : shapes) {
            SyntheticContent c = SyntheticContent.of(s[0], s[1], s[2]);
            Challenge ch = Challenge.issue(c.manifest().contentId(), DemoKeys.agent().address(), 40);
            RetentionProof p = new Prover(c.manifest(), c::read).answer(ch, DemoKeys.agent());
            int depth = p.chunks().get(0).path().size();
            System.out.printf(Locale.ROOT, "  %d renditions x %d segments x %d MiB: path %d steps, %.0f bytes per chunk%n",
                    s[0], s[1], s[2] >> 20, depth, (double) p.encode().length / 40);
        }
    }
}
