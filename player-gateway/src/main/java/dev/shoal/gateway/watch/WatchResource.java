package dev.shoal.gateway.watch;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.directory.Source;
import dev.shoal.contracts.directory.Location;
import dev.shoal.contracts.directory.SourceKind;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.market.LocatorTicket;
import dev.shoal.contracts.playlist.PlaylistWriter;
import dev.shoal.contracts.playlist.SegmentName;
import dev.shoal.contracts.playlist.SegmentUriTemplate;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.catalog.Catalog;
import dev.shoal.gateway.fork.ForkOffer;
import dev.shoal.gateway.fork.Forks;
import dev.shoal.gateway.fork.SponsoredFork;
import dev.shoal.gateway.tracker.TrackerRoutes;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a viewer opens: the player page of a content (and its embeddable form), what the player needs to start
 * (sources, ticket, session), and VOD playlists generated from the creator's signed manifest. Public: watching
 * needs no account. Nothing here is kept between requests.
 */
@Path("/")
@PermitAll
public class WatchResource {

    /** At most this many distinct agents per viewer (the player spreads its requests over them). */
    public static final int MAX_AGENT_SOURCES = 8;
    public static final String PLAYLIST = "application/vnd.apple.mpegurl";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Catalog catalog;
    private final TrackerRoutes tracker;
    private final Forks forks;

    public WatchResource(Catalog catalog, TrackerRoutes tracker, Forks forks) {
        this.catalog = catalog;
        this.tracker = tracker;
        this.forks = forks;
    }

    /**
     * @param session  this viewing's id: agents sign their serving receipts for it (tips credit the agent that served)
     * @param replicas how many agents hold a live replica now
     * @param sources  up to 8 agents, ranked by the locator, then the creator's origins and mirrors
     * @param swarm    the content whose swarm the player joins (its tracker path and P2P swarm id): a fork's original,
     *                 so that the viewers of an original and of all its forks feed one swarm per shared segment (the
     *                 player names segments by SHA-256 there); the content itself otherwise
     * @param peers    viewers in that swarm on this gateway's tracker now
     * @param fork     for a fork: its original, its sponsor and where its ads play (the player labels them and stops
     *                 seeks past an unwatched one); null for any other content
     */
    public record WatchView(String contentId, String title, String creator, int replicas, List<Source> sources,
                            LocatorTicket ticket, String session, String playlist, String swarm, int peers, List<Object> iceServers,
                            ForkInfo fork) {

        /** The swarm of a content: its original's for a fork (whose consent the gateway checked), its own otherwise. */
        public static String swarmOf(String contentId, ForkInfo fork) {
            return fork == null ? contentId : fork.originalId();
        }
    }

    /** A fork as its player needs it. */
    public record ForkInfo(String originalId, String originalTitle, String advertiserName, List<SponsoredFork.Ad> ads) {

        static ForkInfo of(SponsoredFork f) {
            return new ForkInfo(f.original().contentId(), f.original().title(), f.advertiserName(), f.ads());
        }
    }

    @GET
    @Path("watch/{contentId}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The player page of a content")
    public Uni<TemplateInstance> page(@PathParam("contentId") String contentId, @Context UriInfo uri) {
        return page(contentId, uri, false);
    }

    @GET
    @Path("embed/{contentId}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The player alone, for an <iframe>")
    public Uni<TemplateInstance> embed(@PathParam("contentId") String contentId, @Context UriInfo uri) {
        return page(contentId, uri, true);
    }

    /**
     * A fork's page names its sponsor and links its original; an original's page lists its consented forks with their
     * seeding (a fork whose consent fails the gateway's check gets a page that says why, and no player).
     */
    private Uni<TemplateInstance> page(String contentId, UriInfo uri, boolean embed) {
        String embedUrl = uri.getBaseUriBuilder().path("embed").path(contentId).build().toString();
        return catalog.find(contentId).chain(p -> forks.of(p).map(fork -> (TemplateInstance) WatchPage.of(p, embed, embedUrl)
                        .sponsored(fork.map(ForkInfo::of).orElse(null)))
                .onFailure(ProblemException.class).recoverWithItem(e -> WatchPage.of(p, embed, embedUrl).refused(e.getMessage()))
                .chain(page -> page instanceof WatchPage w && w.fork() == null && w.refusal() == null ? withForks(w, contentId) : Uni.createFrom().item(page)));
    }

    private Uni<TemplateInstance> withForks(WatchPage page, String contentId) {
        return forks.forksOf(contentId).chain(list -> list.isEmpty() ? Uni.createFrom().item(page)
                : catalog.locate(contentId).map(this::agentCount).onFailure().recoverWithItem(0).map(replicas -> page.offering(replicas,
                list.stream().map(f -> ForkOffer.of(f, replicas, tracker.peersWatching(contentId))).toList())));
    }

    private int agentCount(dev.shoal.contracts.directory.Location location) {
        return (int) location.sources().stream().filter(s -> s.kind() == SourceKind.AGENT).count();
    }

    @GET
    @Path("api/watch/{contentId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "What the player needs to start: sources, a locator ticket, a session and the playlist")
    public Uni<WatchView> watch(@PathParam("contentId") String contentId) {
        return catalog.find(contentId).chain(p -> forks.of(p).chain(fork -> catalog.locate(contentId).chain(location ->
                (fork.isEmpty() ? Uni.createFrom().item(List.<Source>of())
                        // a fork keeps the original's segments by hash: the original's replicas serve them to the fork's viewers too
                        : catalog.locate(fork.get().original().contentId()).map(Location::sources).onFailure().recoverWithItem(List.of()))
                        .map(originalSources -> view(p, location, originalSources, fork.map(ForkInfo::of).orElse(null))))));
    }

    private WatchView view(Catalog.Published p, Location location, List<Source> originalSources, ForkInfo fork) {
        String contentId = p.contentId();
        List<Source> sources = new ArrayList<>();
        java.util.stream.Stream.concat(location.sources().stream(), originalSources.stream()).filter(s -> s.kind() == SourceKind.AGENT)
                .filter(distinctUrls()).limit(MAX_AGENT_SOURCES).forEach(sources::add);
        location.sources().stream().filter(s -> s.kind() != SourceKind.AGENT).forEach(sources::add);
        for (String origin : p.origins()) {
            if (sources.stream().noneMatch(s -> s.url().equals(origin))) {
                sources.add(Source.origin(origin));
            }
        }
        int replicas = agentCount(location);
        String swarm = WatchView.swarmOf(contentId, fork);
        return new WatchView(contentId, p.title(), p.creator(), replicas, sources, location.ticket(), newSession(),
                "/vod/" + contentId + "/master.m3u8", swarm, tracker.peersWatching(swarm), List.of(), fork);
    }

    private static java.util.function.Predicate<Source> distinctUrls() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return s -> seen.add(s.url());
    }

    @GET
    @Path("vod/{contentId}/master.m3u8")
    @Produces(PLAYLIST)
    @Operation(summary = "The master playlist, generated from the signed manifest")
    public Uni<String> master(@PathParam("contentId") String contentId) {
        return catalog.find(contentId).map(p -> PlaylistWriter.master(p.manifest(), r -> r.name() + ".m3u8"));
    }

    @GET
    @Path("vod/{contentId}/{rendition}.m3u8")
    @Produces(PLAYLIST)
    @Operation(summary = "A rendition's VOD playlist; every segment URI is segments/{sha256}.{ext}, the hash the player checks")
    public Uni<String> media(@PathParam("contentId") String contentId, @PathParam("rendition") String rendition) {
        return catalog.find(contentId).chain(p -> forks.of(p).map(fork -> {
            Rendition r = p.manifest().renditions().stream().filter(x -> x.name().equals(rendition)).findFirst()
                    .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "content " + contentId + " has no rendition " + rendition));
            // a fork's ads: EXT-X-DISCONTINUITY around each, EXT-X-DATERANGE (CLASS dev.shoal.ad) on its first segment
            return PlaylistWriter.media(p.manifest(), r, SegmentUriTemplate.defaultAt(""), fork.map(f -> f.spans(r.name())).orElse(List.of()));
        }));
    }

    /** For players without our loader (Safari's native HLS, VLC, ffmpeg): a redirect to a live source of that segment. */
    @GET
    @Path("vod/{contentId}/segments/{segment}")
    @Operation(summary = "Redirects to a live source of the segment (players that do not use the P2P loader)")
    public Uni<Response> segment(@PathParam("contentId") String contentId, @PathParam("segment") String segment) {
        SegmentName name = SegmentName.parse(segment).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "content " + contentId + " has no segment " + segment));
        return catalog.find(contentId).chain(p -> {
            Sha256 sha = name.sha256();
            boolean listed = p.manifest().renditions().stream().anyMatch(r -> r.segments().stream().anyMatch(s -> s.sha256().equals(sha))
                    || (r.init() != null && r.init().sha256().equals(sha)));
            if (!listed) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "content " + contentId + " has no segment " + segment));
            }
            return catalog.locate(contentId).map(location -> Source.firstSegmentUrl(location.sources(), name, contentId)
                    .map(url -> Response.temporaryRedirect(URI.create(url)).build())
                    .orElseThrow(() -> new ProblemException(ProblemType.UNAVAILABLE, "no live source of content " + contentId)));
        });
    }

    private static String newSession() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }
}
