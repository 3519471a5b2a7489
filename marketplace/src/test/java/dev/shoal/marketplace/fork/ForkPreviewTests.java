package dev.shoal.marketplace.fork;

import dev.shoal.contracts.directory.Source;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.locator.LocatorService;
import dev.shoal.marketplace.upload.UploadOriginResource;
import dev.shoal.marketplace.upload.UploadService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Where the advertiser's preview sends a segment (ForkDraftResource): the locator's best source of the content it
 * belongs to, as the gateway sends a player without our loader, not the content's first registered origin; a segment
 * this marketplace holds is served from here.
 */
class ForkPreviewTests {

    private static final String ADVERTISER = "advertiser-subject";
    private static final String FIRST_ORIGIN = "http://first-origin.example:8700";

    private final ForkServiceTests sample = new ForkServiceTests();
    private final ForkDrafts drafts = mock(ForkDrafts.class);
    private final LocatorService locator = mock(LocatorService.class);
    private final UploadService uploads = mock(UploadService.class);
    private final SecurityIdentity identity = mock(SecurityIdentity.class);
    private ForkDraftResource resource;

    @BeforeEach
    void wiring() {
        when(identity.getPrincipal()).thenReturn(() -> ADVERTISER);
        when(drafts.draft(eq(ADVERTISER), any())).thenReturn(Uni.createFrom().item(
                new ForkDrafts.Draft(sample.original, sample.ad, sample.at2, sample.fork)));
        resource = new ForkDraftResource(drafts, null, null, null, uploads, null, locator, identity);
    }

    @Test
    void aSegmentOfTheOriginalGoesToTheLocatorsBestSourceNotToItsFirstOrigin() {
        Sha256 segment = segment(sample.original, 3);
        String original = sample.original.contentId().hex();
        when(locator.sources(original, null)).thenReturn(Uni.createFrom().item(List.of(
                Source.agent("http://agent-b.example:8701/", "0xb", "eu", 0.2), Source.origin(FIRST_ORIGIN))));

        Response r = preview(segment.hex());

        assertThat(r.getStatus()).isEqualTo(307);
        assertThat(r.getLocation()).hasToString("http://agent-b.example:8701/segments/" + segment.hex() + "?content=" + original);
    }

    @Test
    void aSegmentOfTheAdIsLocatedAsTheAdsAndOneHeldHereIsServedFromHere() {
        Sha256 inAd = segment(sample.ad, 0);
        String ad = sample.ad.contentId().hex();
        when(locator.sources(ad, null)).thenReturn(Uni.createFrom().item(List.of(
                Source.mirror("https://cdn.example/ads/{sha256}.{ext}"), Source.origin(FIRST_ORIGIN))));
        assertThat(preview(inAd.hex() + ".ts").getLocation()).hasToString("https://cdn.example/ads/" + inAd.hex() + ".ts");
        assertThat(preview(inAd.hex()).getLocation()).as("a bare name skips the mirror that needs the extension")
                .hasToString(FIRST_ORIGIN + "/segments/" + inAd.hex() + "?content=" + ad);

        when(uploads.holds(inAd)).thenReturn(true);
        assertThat(preview(inAd.hex()).getLocation()).hasToString(UploadOriginResource.PATH + "/segments/" + inAd.hex());
    }

    @Test
    void noSourceIsUnavailableAndASegmentOfNeitherIsNotFound() {
        Sha256 segment = segment(sample.original, 1);
        when(locator.sources(sample.original.contentId().hex(), null)).thenReturn(Uni.createFrom().item(List.of()));
        assertThatThrownBy(() -> preview(segment.hex())).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.UNAVAILABLE));

        assertThatThrownBy(() -> preview(Sha256.of(new byte[]{1}).hex())).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND));
        verify(locator, never()).sources(eq(sample.ad.contentId().hex()), any());
    }

    private Response preview(String segment) {
        return resource.segment(sample.original.contentId().hex(), sample.ad.contentId().hex(),
                String.valueOf(sample.at2.cuesMicros().getFirst()), segment).await().indefinitely();
    }

    private static Sha256 segment(Manifest m, int index) {
        return m.renditions().getFirst().segments().get(index).sha256();
    }
}
