package dev.shoal.marketplace.fork;

import dev.shoal.contracts.directory.CatalogPage;
import dev.shoal.contracts.directory.Source;
import dev.shoal.contracts.fork.AdSpan;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.playlist.PlaylistWriter;
import dev.shoal.contracts.playlist.SegmentName;
import dev.shoal.contracts.playlist.SegmentUriTemplate;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.chain.ChainContracts;
import dev.shoal.marketplace.content.CatalogQuery;
import dev.shoal.marketplace.content.ContentResource;
import dev.shoal.marketplace.content.ContentService;
import dev.shoal.marketplace.locator.LocatorService;
import dev.shoal.marketplace.upload.UploadOriginResource;
import dev.shoal.marketplace.upload.UploadService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The advertiser page's way to a fork request (adfork.js), on the dashboard's session: the original's cue points, the
 * proposed fork (its text for the wallet to sign), its preview's playlists (the splice with the ad marked, segments
 * fetched from the locator's best source, as players without our loader get them from the gateway), and the request
 * with the wallet's signature, which {@code POST /api/forks} then checks as it checks any.
 */
@Path(ForkDraftResource.BASE)
@RolesAllowed("advertiser")
@Produces(MediaType.APPLICATION_JSON)
public class ForkDraftResource {

    static final String BASE = "/dashboard/advertiser/drafts";
    private static final String PLAYLIST = "application/vnd.apple.mpegurl";

    private final ForkDrafts drafts;
    private final ForkService forks;
    private final ChainContracts contracts;
    private final MarketplaceConfig config;
    private final UploadService uploads;
    private final ContentService contentService;
    private final LocatorService locator;
    private final SecurityIdentity identity;

    public ForkDraftResource(ForkDrafts drafts, ForkService forks, ChainContracts contracts, MarketplaceConfig config, UploadService uploads,
                             ContentService contentService, LocatorService locator, SecurityIdentity identity) {
        this.contentService = contentService;
        this.locator = locator;
        this.drafts = drafts;
        this.forks = forks;
        this.contracts = contracts;
        this.config = config;
        this.uploads = uploads;
        this.identity = identity;
    }

    /** An ad's place in the proposed fork, in seconds on the fork's timeline (as the preview plays it). */
    public record AdPlace(int number, double startSeconds, double durationSeconds, double cueSeconds) {
        static AdPlace of(AdSpan s) {
            return new AdPlace(s.number(), s.startMicros() / 1e6, s.durationMicros() / 1e6, s.cueMicros() / 1e6);
        }
    }

    /** The proposed fork: its id, the text the ad's signer signs (personal_sign), its preview's master playlist, its ads. */
    public record DraftView(String forkId, String advertiser, String title, String textToSign, String preview, List<AdPlace> ads) {
    }

    /** A fork request from the page: the proposal, the terms, and the wallet's signature of the draft's text. */
    public record SignedRequest(String original, String ad, List<Long> cuesMicros, String title, String amountSusd, Integer replicas,
                                Long termSeconds, Boolean offerFirst, String signature) {
    }

    /**
     * The catalog's search as the picker of originals sees it: only contents this advertiser may fork, so neither forks
     * (the catalog lists none) nor its own contents (its ads).
     */
    @GET
    @Path("/originals")
    @Operation(hidden = true)
    public Uni<CatalogPage> originals(@QueryParam("q") String q, @QueryParam("page") String page, @QueryParam("size") String size) {
        CatalogQuery query = CatalogQuery.of(q, null, null, page, size).notOf(user());
        return contentService.catalog(query).map(found -> CatalogPage.of(query.query(), query.creator(), query.sort(), query.page(),
                query.size(), found.total(), found.items()));
    }

    @GET
    @Path("/originals/{contentId}")
    @Operation(hidden = true)
    public Uni<ForkDrafts.Original> original(@PathParam("contentId") String contentId) {
        return drafts.original(contentId);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<DraftView> draft(ForkDrafts.Proposal proposal) {
        return drafts.draft(user(), proposal).map(ForkDraftResource::view);
    }

    static DraftView view(ForkDrafts.Draft d) {
        String first = d.fork().renditions().getFirst().name();
        return new DraftView(d.fork().contentId().hex(), d.fork().creator().toString(), d.fork().title(), d.textToSign(),
                BASE + "/" + d.path() + "/master.m3u8", d.spans(first).stream().map(AdPlace::of).toList());
    }

    @POST
    @Path("/request")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<Response> request(SignedRequest body) {
        if (body == null) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the body names original, ad, cuesMicros, the terms and signature");
        }
        String owner = user();
        String name = ContentResource.displayName(identity);
        Context context = Vertx.currentContext();
        return drafts.draft(owner, new ForkDrafts.Proposal(body.original(), body.ad(), body.cuesMicros(), body.title())).chain(d -> {
            Signature signature;
            try {
                signature = Signature.fromHex(body.signature());
            } catch (RuntimeException e) {
                throw new ProblemException(ProblemType.CONTENT_REJECTED, "signature is the wallet's 65-byte hex signature of the fork's text",
                        Map.of("field", "signature"));
            }
            String manifest = new SignedManifest(d.fork(), signature).toJson();
            ForkService.Request request = new ForkService.Request(body.original(), body.ad(), body.cuesMicros(), body.amountSusd(),
                    body.replicas(), body.termSeconds(), body.offerFirst(), manifest);
            return Uni.createFrom().item(contracts::sponsorship).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .onFailure().transform(e -> new ProblemException(ProblemType.UNAVAILABLE, "the sponsorship contract is unknown: " + e.getMessage()))
                    .emitOn(task -> context.runOnContext(v -> task.run()))
                    .chain(contract -> forks.request(owner, name, request, new ForkService.Domain(config.chain().chainId(), contract)));
        }).map(v -> Response.created(URI.create("/api/forks/" + v.id())).entity(v).build());
    }

    @GET
    @Path("/{original}/{ad}/{cues}/master.m3u8")
    @Produces(PLAYLIST)
    @Operation(hidden = true)
    public Uni<String> master(@PathParam("original") String original, @PathParam("ad") String ad, @PathParam("cues") String cues) {
        return draft(original, ad, cues).map(d -> PlaylistWriter.master(d.fork(), r -> r.name() + ".m3u8"));
    }

    @GET
    @Path("/{original}/{ad}/{cues}/{rendition}.m3u8")
    @Produces(PLAYLIST)
    @Operation(hidden = true)
    public Uni<String> media(@PathParam("original") String original, @PathParam("ad") String ad, @PathParam("cues") String cues,
                             @PathParam("rendition") String rendition) {
        return draft(original, ad, cues).map(d -> {
            Rendition r = d.fork().renditions().stream().filter(x -> x.name().equals(rendition)).findFirst()
                    .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "the fork has no rendition " + rendition));
            return PlaylistWriter.media(d.fork(), r, SegmentUriTemplate.defaultAt(""), d.spans(rendition));
        });
    }

    /**
     * A segment of the preview: a redirect to where it is, this marketplace's upload origin for a segment it holds (an
     * uploaded ad's, say), else the first of the locator's ranked sources of the content it belongs to that can serve it
     * (live replicas first, then mirrors, then origins; all answer cross-origin reads, as players fetch from them).
     */
    @GET
    @Path("/{original}/{ad}/{cues}/segments/{segment}")
    @Operation(hidden = true)
    public Uni<Response> segment(@PathParam("original") String original, @PathParam("ad") String ad, @PathParam("cues") String cues,
                                 @PathParam("segment") String segment) {
        SegmentName name = SegmentName.parse(segment).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no segment " + segment));
        return draft(original, ad, cues).chain(d -> {
            Sha256 sha = name.sha256();
            boolean inAd = has(d.ad(), sha);
            if (!inAd && !has(d.original(), sha)) {
                throw new ProblemException(ProblemType.NOT_FOUND, "the fork has no segment " + segment);
            }
            String content = (inAd ? d.plan().ad() : d.plan().original()).hex();
            return locator.sources(content, null).chain(ranked -> Uni.createFrom().item(() -> uploads.holds(sha))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).map(local -> {
                        String url = local ? UploadOriginResource.PATH + "/segments/" + sha.hex()
                                : Source.firstSegmentUrl(ranked, name, content).orElseThrow(() -> new ProblemException(
                                        ProblemType.UNAVAILABLE, "no live source of segment " + segment));
                        return Response.temporaryRedirect(URI.create(url)).header("Cache-Control", "no-store").build();
                    }));
        });
    }

    private Uni<ForkDrafts.Draft> draft(String original, String ad, String cues) {
        List<Long> micros = new ArrayList<>();
        try {
            for (String c : cues.split(",")) {
                micros.add(Long.parseLong(c));
            }
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "cues are µs, comma-separated, not " + cues, Map.of("field", "cuesMicros"));
        }
        return drafts.draft(user(), new ForkDrafts.Proposal(original, ad, micros, null));
    }

    private static boolean has(dev.shoal.contracts.manifest.Manifest m, Sha256 sha) {
        return m.renditions().stream().anyMatch(r -> r.segments().stream().anyMatch(s -> s.sha256().equals(sha)));
    }

    private String user() {
        return identity.getPrincipal().getName();
    }
}
