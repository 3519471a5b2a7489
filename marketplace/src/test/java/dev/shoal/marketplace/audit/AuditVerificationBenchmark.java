package dev.shoal.marketplace.audit;

import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.market.AuditAnswer;
import dev.shoal.contracts.merkle.MerkleNode;
import dev.shoal.contracts.proof.Challenge;
import dev.shoal.contracts.proof.ProofVerifier;
import dev.shoal.contracts.proof.Prover;
import dev.shoal.contracts.proof.RetentionProof;
import dev.shoal.marketplace.content.Content;
import dev.shoal.marketplace.deal.Deal;
import dev.shoal.marketplace.market.SampleContent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Audit verification throughput per core: how many answers one thread judges per second through the
 * marketplace's own path ({@link AuditService#judge}: the stored manifest parsed, the wire proof decoded,
 * the chunks' Merkle paths folded to the retention root, the agent's signature recovered), beside a
 * reference timed in the same run over the same answers: {@link ProofVerifier#verify} alone on proofs
 * already decoded and a root already parsed. Rounds alternate the two; the medians and their ratio are
 * printed. Run from the repository root (see docs/benchmarks.md); args: seconds per round, rounds.
 */
public final class AuditVerificationBenchmark {

    private record Case(String name, Audit audit, Deal deal, Content content, AuditAnswer answer, Challenge challenge,
                        MerkleNode root, RetentionProof proof) {
    }

    private interface Work {
        void run(Case c);
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        SampleContent sample = SampleContent.load("audit benchmark");
        for (int samples : new int[]{40, 200}) {
            List<Case> cases = cases(sample, samples, 64);
            Work marketplace = c -> {
                String failure = AuditService.judge(c.audit(), c.deal(), c.content(), c.answer());
                if (failure != null) {
                    throw new AssertionError(failure);
                }
            };
            Work reference = c -> ProofVerifier.verify(c.challenge(), c.root(), c.proof());
            // where the difference goes: the two steps judge adds, each alone
            Work parseManifest = c -> SignedManifest.fromJson(c.content().manifest);
            Work decodeProof = c -> c.answer().decodeProof();
            // JIT warm-up on both
            rate(cases, marketplace, Math.max(2, seconds));
            rate(cases, reference, Math.max(2, seconds));
            double[] m = new double[rounds];
            double[] r = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                m[i] = rate(cases, marketplace, seconds);
                r[i] = rate(cases, reference, seconds);
            }
            double parse = rate(cases, parseManifest, seconds);
            double decode = rate(cases, decodeProof, seconds);
            long chunks = sample.manifest().manifest().retentionRoot().count();
            System.out.printf(Locale.ROOT, "%d samples (content of %d chunks, %d B proof on the wire): marketplace judge %.0f/s (rounds %s), "
                            + "ProofVerifier.verify alone %.0f/s (rounds %s), ratio %.2f; of judge's extra steps alone: "
                            + "manifest JSON parsed %.0f/s, wire proof decoded %.0f/s%n",
                    samples, chunks, cases.get(0).answer().proof().length(), median(m), Arrays.toString(round(m)),
                    median(r), Arrays.toString(round(r)), median(m) / median(r), parse, decode);
        }
    }

    /** {@code count} answers to fresh challenges, each from its own agent key, all valid. */
    private static List<Case> cases(SampleContent sample, int samples, int count) {
        Content content = new Content();
        content.contentId = sample.contentId();
        content.manifest = sample.manifest().toJson();
        Prover prover = new Prover(sample.manifest().manifest(), sample.segments()::get);
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SigningKey agent = SigningKey.generate();
            Challenge challenge = Challenge.issue(sample.manifest().contentId(), agent.address(), samples);
            RetentionProof proof = prover.answer(challenge, agent);
            Deal deal = new Deal();
            deal.id = UUID.randomUUID();
            deal.agent = agent.address().toString().toLowerCase(Locale.ROOT);
            Audit audit = new Audit();
            audit.id = UUID.randomUUID();
            audit.dealId = deal.id;
            audit.nonce = challenge.nonce().hex();
            audit.samples = samples;
            out.add(new Case(samples + " samples", audit, deal, content, AuditAnswer.of(audit.id.toString(), proof), challenge,
                    sample.manifest().manifest().retentionRoot(), proof));
        }
        return out;
    }

    /** Answers judged per second by one thread, over {@code seconds}. */
    private static double rate(List<Case> cases, Work work, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long begin = System.nanoTime();
        long done = 0;
        while (System.nanoTime() < end) {
            work.run(cases.get((int) (done % cases.size())));
            done++;
        }
        return done / ((System.nanoTime() - begin) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static long[] round(double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }
}
