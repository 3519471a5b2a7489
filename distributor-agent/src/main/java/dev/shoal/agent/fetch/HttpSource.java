package dev.shoal.agent.fetch;

import dev.shoal.contracts.mirror.MirrorTemplate;
import dev.shoal.contracts.playlist.SegmentName;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Another agent (or any server with {@code GET /segments/{sha256}} and byte ranges), over HTTP; or a mirror, whose URL
 * template ({@link MirrorTemplate}: {@code {sha256}}, {@code {ext}}) says where each segment is.
 */
public final class HttpSource implements Source {

    private final String base;
    private final MirrorTemplate template;
    private final HttpClient client;
    private final Duration timeout;
    private final java.util.function.Function<SegmentRef, java.util.Map<String, String>> headers;

    public HttpSource(String baseUrl, HttpClient client, Duration timeout) {
        this(baseUrl, client, timeout, segment -> java.util.Map.of());
    }

    /** @param headers what each request for a segment carries besides (a relay's signature at a shielded origin) */
    public HttpSource(String baseUrl, HttpClient client, Duration timeout,
                      java.util.function.Function<SegmentRef, java.util.Map<String, String>> headers) {
        this.headers = headers;
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.template = baseUrl.contains(MirrorTemplate.SHA256) ? new MirrorTemplate(baseUrl) : null;
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return base;
    }

    /** Where the segment is: {@code {base}/segments/{sha256}}, or the mirror's template filled in. */
    String url(SegmentRef segment) {
        if (template == null) {
            return base + "/segments/" + segment.sha256().hex();
        }
        return template.url(segment.sha256().hex(), extension(segment));
    }

    /** The extension {@code shoal mirror push} names a segment with: the init segment mp4, media ts or m4s by container. */
    static String extension(SegmentRef segment) {
        if (segment.index() < 0) {
            return SegmentName.MP4;
        }
        return "video/mp2t".equals(segment.mediaType()) ? SegmentName.TS : SegmentName.M4S;
    }

    /** GET of the segment with this source's headers, and {@code range} when not null; the body unread. */
    private HttpResponse<InputStream> send(SegmentRef segment, String range) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(segment))).timeout(timeout).GET();
        headers.apply(segment).forEach(request::header);
        if (range != null) {
            request.header("Range", range);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public byte[] readWhole(SegmentRef segment, int maxBytes) throws IOException {
        HttpResponse<InputStream> response = send(segment, null);
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(base + " answered " + response.statusCode() + " for segment " + segment.sha256().hex());
            }
            byte[] out = body.readNBytes(maxBytes + 1);
            if (out.length > maxBytes) {
                throw new SourceLiedException(base + " sent more than " + maxBytes + " bytes for segment " + segment.sha256().hex());
            }
            return out;
        }
    }

    @Override
    public byte[] read(SegmentRef segment, long offset, int length) throws IOException {
        boolean whole = offset == 0 && length == segment.size();
        HttpResponse<InputStream> response = send(segment, whole ? null : "bytes=" + offset + "-" + (offset + length - 1));
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            long skip;
            if (status == 206) {
                skip = 0;
            } else if (status == 200) {
                skip = offset; // a source that ignores ranges sends it all: take our part of it
            } else {
                throw new IOException(base + " answered " + status + " for segment " + segment.sha256().hex());
            }
            long expected = status == 206 ? length : segment.size();
            OptionalLong announced = response.headers().firstValueAsLong("Content-Length");
            if (announced.isPresent() && announced.getAsLong() != expected) {
                throw new SourceLiedException(base + " announced " + announced.getAsLong() + " bytes where the manifest"
                        + " makes it " + expected);
            }
            body.skipNBytes(skip);
            byte[] out = body.readNBytes(length);
            if (out.length < length) {
                throw new IOException(base + " ended after " + out.length + " of " + length + " bytes");
            }
            boolean toTheEnd = status == 206 || offset + length == segment.size();
            if (toTheEnd && body.read() >= 0) {
                throw new SourceLiedException(base + " sent more bytes than the " + length + " it announced");
            }
            return out;
        }
    }
}
