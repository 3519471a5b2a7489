package dev.shoal.agent.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.agent.AgentRuntime;
import dev.shoal.agent.content.ContentCatalog;
import dev.shoal.agent.store.DiskStore;
import dev.shoal.agent.store.SegmentIds;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.playlist.SegmentName;
import dev.shoal.contracts.problem.Problem;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.receipt.ServingReceipt;
import dev.shoal.contracts.receipt.SignedReceipt;
import io.netty.channel.Channel;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET} and {@code HEAD /segments/{sha256}.{ext}} (or the bare {@code /segments/{sha256}}): straight on the Vert.x router, so a segment goes from the
 * file to the socket with {@code sendFile} (zero-copy) without passing through the JVM heap. Single byte ranges,
 * immutable caching (the name is the hash), and, for a request that names a viewer session, a signed serving
 * receipt in the {@value #RECEIPT} header. A receipt is one viewer's: such a response is {@code private} (no shared cache
 * may keep it), and every response says {@code Vary: Shoal-Session}, so a cache in front of the agent never hands one
 * viewer's receipt to another nor a receipt-less copy to a viewer who asked for one.
 *
 * <p>The route comes first on the router, ahead of Quarkus' CORS filter, authentication, REST observability and
 * OIDC handlers, none of which has anything to do for a public GET of an immutable file but each of which costs
 * every request some work (the serving benchmark's profile showed them beside the handler itself). So it answers
 * CORS itself: any origin may read segments, with the exposed headers of {@code quarkus.http.cors.exposed-headers}.
 * Preflight requests ({@code OPTIONS}) still go to Quarkus' filter.
 *
 * <p>A file goes out corked ({@link TcpCork}, nginx's {@code tcp_nopush}): without it the agent served at 0.82x nginx.
 */
@Singleton
public class SegmentRoutes {

    public static final String SESSION = "Shoal-Session";
    public static final String RECEIPT = "Shoal-Receipt";
    private static final Logger LOG = Logger.getLogger(SegmentRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/segments/";
    private static final String CACHE = "public, max-age=31536000, immutable";
    /** With a receipt: the bytes are immutable, but the receipt names one viewer's session. */
    private static final String CACHE_WITH_RECEIPT = "private, max-age=31536000, immutable";

    private final AgentRuntime runtime;
    private final String exposedHeaders;
    private final jakarta.enterprise.inject.Instance<SegmentGate> gates;
    private final jakarta.enterprise.inject.Instance<SegmentServed> served;

    public SegmentRoutes(AgentRuntime runtime, jakarta.enterprise.inject.Instance<SegmentGate> gates,
                         jakarta.enterprise.inject.Instance<SegmentServed> served) {
        this.runtime = runtime;
        this.gates = gates;
        this.served = served;
        this.exposedHeaders = ConfigProvider.getConfig().getOptionalValue("quarkus.http.cors.exposed-headers", String.class)
                .orElse("Content-Range,Content-Length,Accept-Ranges,ETag," + RECEIPT);
    }

    void routes(@Observes Router router) {
        router.route(PREFIX + "*").order(Integer.MIN_VALUE).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::serve);
    }

    void serve(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, exposedHeaders);
        try {
            respond(ctx);
        } catch (ProblemException e) {
            problem(ctx, e.type(), e.getMessage(), e.extensions());
        } catch (RuntimeException e) {
            LOG.errorf(e, "serving %s failed", ctx.request().path());
            problem(ctx, ProblemType.INTERNAL, "serving the segment failed", java.util.Map.of());
        }
    }

    private void respond(RoutingContext ctx) {
        String path = ctx.request().path();
        SegmentName name = SegmentIds.parseName(path.length() > PREFIX.length() ? path.substring(PREFIX.length()) : "");
        Sha256 id = name.sha256();
        for (SegmentGate gate : gates) {
            gate.admit(id, ctx.request().getHeader(dev.shoal.contracts.live.RelayRequest.HEADER));
        }
        DiskStore.Located at = runtime.store().locate(id).orElseThrow(() -> new ProblemException(ProblemType.SEGMENT_NOT_FOUND,
                "this agent does not hold segment " + id.hex()));
        ContentCatalog catalog = runtime.catalog();
        HttpServerResponse res = ctx.response();
        String etag = "\"" + id.hex() + "\"";
        res.putHeader(HttpHeaders.CONTENT_TYPE, name.mediaType().orElseGet(() -> catalog.mediaType(id)))
                .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
                .putHeader(HttpHeaders.CACHE_CONTROL, CACHE)
                .putHeader(HttpHeaders.VARY, SESSION)
                .putHeader(HttpHeaders.ETAG, etag);
        String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
            res.setStatusCode(304).end();
            return;
        }
        long size = at.size();
        ByteRange range;
        try {
            range = ByteRange.parse(ctx.request().getHeader("Range"), size);
        } catch (ProblemException e) {
            res.putHeader("Content-Range", "bytes */" + size);
            throw e;
        }
        long offset = range == null ? 0 : range.first();
        long length = range == null ? size : range.length();
        if (range != null) {
            res.setStatusCode(206).putHeader("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
        }
        Sha256 content = attribute(ctx, id, catalog);
        String session = ctx.request().getHeader(SESSION);
        if (session != null && content != null && !session.isBlank() && session.length() <= 256) {
            SignedReceipt receipt = ServingReceipt.issue(content, id, length, session, runtime.clock(), runtime.key());
            res.putHeader(RECEIPT, receipt.header())
                    .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_WITH_RECEIPT);
        }
        res.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
        if (ctx.request().method() == HttpMethod.HEAD) {
            res.end();
            return;
        }
        // corked like nginx's tcp_nopush: headers and body in full segments, the tail pushed at the end (TcpCork)
        Channel corked = TcpCork.cork(ctx.request());
        res.sendFile(at.file().toString(), offset, length).onComplete(done -> {
            TcpCork.uncork(corked);
            if (done.succeeded()) {
                catalog.served(content, length);
                for (SegmentServed s : served) {
                    s.served(id, length);
                }
            } else if (!res.headWritten()) {
                problem(ctx, ProblemType.SEGMENT_NOT_FOUND, "segment " + id.hex() + " was evicted meanwhile", java.util.Map.of());
            } else {
                LOG.debugf("sending %s ended early: %s", id, done.cause().getMessage());
            }
        });
    }

    /** The content this request counts for: {@code ?content=} when it lists the segment, else the first that does. */
    private static Sha256 attribute(RoutingContext ctx, Sha256 segment, ContentCatalog catalog) {
        List<Sha256> holders = catalog.contentsOf(segment);
        if (holders.isEmpty()) {
            return null;
        }
        String asked = ctx.request().getParam("content");
        if (asked != null && asked.matches("[0-9a-fA-F]{64}")) {
            Optional<Sha256> named = holders.stream().filter(h -> h.hex().equalsIgnoreCase(asked)).findFirst();
            if (named.isPresent()) {
                return named.get();
            }
        }
        return holders.get(0);
    }

    public static void problem(RoutingContext ctx, ProblemType type, String detail, java.util.Map<String, Object> extensions) {
        HttpServerResponse res = ctx.response();
        if (res.ended()) {
            return;
        }
        Problem p = Problem.of(type, detail, ctx.request().path()).with(extensions);
        String body;
        try {
            body = JSON.writeValueAsString(p);
        } catch (Exception e) {
            body = "{\"type\":\"" + p.type() + "\",\"status\":" + p.status() + "}";
        }
        res.headers().remove(HttpHeaders.CACHE_CONTROL).remove(HttpHeaders.ETAG).remove(HttpHeaders.ACCEPT_RANGES)
                .remove(RECEIPT).remove(HttpHeaders.VARY);
        res.setStatusCode(p.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (ctx.request().method() == HttpMethod.HEAD) {
            res.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.getBytes(StandardCharsets.UTF_8).length)).end();
        } else {
            res.end(body);
        }
    }
}
