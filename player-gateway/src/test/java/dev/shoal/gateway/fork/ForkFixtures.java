package dev.shoal.gateway.fork;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.fork.Fork;
import dev.shoal.contracts.fork.ForkPlan;
import dev.shoal.contracts.fork.ForkView;
import dev.shoal.contracts.fork.SponsorshipConsent;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.gateway.ShoalStack;
import dev.shoal.gateway.catalog.Catalog.Published;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/** An original (the repository's small clip), an ad (the same clip, another signer) and the fork with the ad at 1 s. */
final class ForkFixtures {

    static final SigningKey CREATOR = SigningKey.generate();
    static final SigningKey ADVERTISER = SigningKey.generate();
    static final long CUE = 1_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    final Manifest original = ManifestBuilder.build(clip(), "Harbour at dawn", CREATOR.address());
    final Manifest ad = ManifestBuilder.build(clip(), "Sea Tea", ADVERTISER.address());
    final Manifest fork = Fork.splice(original, ad, new ForkPlan(original.contentId(), ad.contentId(), List.of(CUE)),
            "Harbour at dawn, sponsored by Sea Tea", ADVERTISER.address());

    private static HlsFolder clip() {
        return HlsFolder.open(ShoalStack.ROOT.resolve("contracts/src/test/resources/hls/ts"));
    }

    static Published published(Manifest m) {
        return new Published(m.contentId().hex(), m.title(), m.creator().toString(), m, List.of());
    }

    /** The creator's consent to {@code forkId} of {@code originalId}, signed by {@code signer}, ending at {@code end}. */
    SponsorshipConsent.Signed consent(Manifest of, Manifest forked, SigningKey signer, Instant end) {
        return new SponsorshipConsent(31337, Address.parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"), of.contentId(), forked.contentId(),
                CREATOR.address(), ADVERTISER.address(), BigInteger.valueOf(250_000_000), 5, end.getEpochSecond() - 86400, end.getEpochSecond(),
                true, BigInteger.ONE).sign(signer);
    }

    /** The marketplace's view of this fork with {@code consent}, {@code cues} as its plan, and its seeding. */
    ForkView view(SponsorshipConsent.Signed consent, List<Long> cues, long activeReplicas, boolean offerFirst) {
        JsonNode c;
        try {
            c = consent == null ? null : JSON.readTree(consent.toJson());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new ForkView("r-1", fork.contentId().hex(), fork.title(), "CONSENTED", new ForkView.Content(original.contentId().hex(), original.title()),
                new ForkView.Content(ad.contentId().hex(), ad.title()), "Sea Tea Ltd", ADVERTISER.address().toString(), "Ada",
                CREATOR.address().toString(), cues, cues.stream().map(x -> x / 1e6).toList(), "250000000", "250", 5, activeReplicas,
                "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", offerFirst, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", null, c, null);
    }
}
