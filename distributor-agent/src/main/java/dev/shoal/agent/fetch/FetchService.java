package dev.shoal.agent.fetch;

import dev.shoal.agent.AgentRuntime;
import dev.shoal.agent.content.ContentCatalog;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.mirror.MirrorTemplate;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Fetches of whole contents (or some renditions and a window of segments) in the background, each with its
 * own limit of 8 requests in flight, and their progress for the CLI and the status page. The manifest is
 * verified (creator's signature) and kept before any segment is fetched, and pinned first when asked, so the
 * arriving segments are already protected from eviction.
 */
@Singleton
public class FetchService {

    private static final Logger LOG = Logger.getLogger(FetchService.class);

    /** What to fetch. {@code sources}: base URLs of agents or mirrors, or local HLS folders. */
    public record Request(String manifest, List<String> sources, Set<String> renditions, Integer from, Integer to,
                          Boolean pin) {
    }

    public enum State { RUNNING, COMPLETE, FAILED, CANCELLED }

    public record Progress(String id, String contentId, String title, State state, int segments, int segmentsDone,
                           long bytes, long bytesReceived, List<String> failures, List<Fetcher.SourceReport> sources,
                           Instant startedAt, Long millis) {
    }

    private final AgentRuntime runtime;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    public FetchService(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    private static final class Job {
        final String id = UUID.randomUUID().toString();
        final SignedManifest manifest;
        final int segments;
        final long bytes;
        final AtomicInteger done = new AtomicInteger();
        final AtomicLong received = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();
        final Instant startedAt = Instant.now();
        volatile State state = State.RUNNING;
        volatile Fetcher.Result result;

        Job(SignedManifest manifest, List<SegmentRef> refs) {
            this.manifest = manifest;
            this.segments = refs.size();
            this.bytes = refs.stream().mapToLong(SegmentRef::size).sum();
        }

        Progress progress() {
            Fetcher.Result r = result;
            return new Progress(id, manifest.contentId().hex(), manifest.manifest().title(), state, segments, done.get(),
                    bytes, received.get(), r == null ? List.of() : r.failures(), r == null ? List.of() : r.sources(),
                    startedAt, r == null ? null : r.millis());
        }
    }

    /** Parses and verifies a signed manifest given as JSON; a bad one is a 422 with the content model's code. */
    public static SignedManifest verify(String json) {
        if (json == null || json.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "a fetch needs the signed manifest (JSON)");
        }
        try {
            return SignedManifest.fromJson(json);
        } catch (ContentException e) {
            throw new ProblemException(ProblemType.MANIFEST_REJECTED, e.getMessage(), Map.of("code", e.code()));
        }
    }

    /** Starts a fetch in the background. */
    public Progress start(Request request, Consumer<Progress> whenDone) {
        SignedManifest signed = verify(request.manifest());
        List<Source> sources = sources(request.sources());
        List<SegmentRef> refs = ManifestSegments.select(signed, request.renditions() == null ? Set.of() : request.renditions(),
                request.from() == null ? 0 : request.from(), request.to() == null ? -1 : request.to());
        ContentCatalog catalog = runtime.catalog();
        catalog.add(signed);
        if (Boolean.TRUE.equals(request.pin())) {
            catalog.pin(signed.contentId(), ContentCatalog.Pin.operator());
        }
        Job job = new Job(signed, refs);
        jobs.put(job.id, job);
        runner.submit(() -> run(job, refs, sources, whenDone));
        return job.progress();
    }

    private void run(Job job, List<SegmentRef> refs, List<Source> sources, Consumer<Progress> whenDone) {
        try {
            Fetcher fetcher = new Fetcher(runtime.store(), new Fetcher.Options(runtime.config().agent().fetchConcurrency(),
                    runtime.config().agent().fetchPartBytes()));
            Fetcher.Result r = fetcher.fetch(refs, sources, new Fetcher.Listener() {
                @Override
                public void segmentDone(SegmentRef segment, boolean stored) {
                    job.done.incrementAndGet();
                }

                @Override
                public void bytesReceived(long bytes) {
                    job.received.addAndGet(bytes);
                }
            }, job.cancelled);
            job.result = r;
            job.state = job.cancelled.get() && !r.complete() ? State.CANCELLED : r.complete() ? State.COMPLETE : State.FAILED;
            LOG.infof("fetch %s of %s: %s, %d stored, %d already held, %d bytes in %d ms", job.id,
                    job.manifest.contentId(), job.state, r.stored(), r.alreadyHeld(), r.bytes(), r.millis());
        } catch (RuntimeException e) {
            LOG.errorf(e, "fetch %s failed", job.id);
            job.result = new Fetcher.Result(0, 0, List.of(String.valueOf(e.getMessage())), 0, 0, List.of(), 0);
            job.state = State.FAILED;
        }
        if (whenDone != null) {
            whenDone.accept(job.progress());
        }
    }

    public Progress progress(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no fetch " + id + " (fetches are forgotten at restart)");
        }
        return job.progress();
    }

    public List<Progress> all() {
        return jobs.values().stream().map(Job::progress).toList();
    }

    public void cancel(String id) {
        Job job = jobs.get(id);
        if (job != null) {
            job.cancelled.set(true);
        }
    }

    List<Source> sources(List<String> given) {
        if (given == null || given.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "a fetch needs at least one source (URL or HLS folder)");
        }
        List<Source> out = new ArrayList<>();
        for (String s : given) {
            if (s.startsWith("http://") || s.startsWith("https://")) {
                try {
                    if (s.contains(MirrorTemplate.SHA256)) {
                        new MirrorTemplate(s); // a mirror's URL template
                    } else {
                        URI.create(s).toURL();
                    }
                } catch (Exception e) {
                    throw new ProblemException(ProblemType.INVALID_REQUEST, "not a source URL: " + s);
                }
                out.add(new HttpSource(s, http, Duration.ofSeconds(30)));
            } else {
                Path dir = Path.of(s);
                if (!Files.isDirectory(dir)) {
                    throw new ProblemException(ProblemType.INVALID_REQUEST, "a source is an http(s) URL or an HLS folder on"
                            + " this machine; " + s + " is neither");
                }
                try {
                    out.add(new FolderSource(HlsFolder.open(dir)));
                } catch (ContentException e) {
                    throw new ProblemException(ProblemType.INVALID_REQUEST, s + ": " + e.getMessage(), Map.of("code", e.code()));
                }
            }
        }
        return out;
    }

    @PreDestroy
    void stop() {
        jobs.values().forEach(j -> j.cancelled.set(true));
        runner.shutdownNow();
    }
}
