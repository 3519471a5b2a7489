package dev.shoal.deploy.demo;

import com.sun.net.httpserver.HttpServer;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.process.Ports;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A creator's origin for one content: {@code GET /segments/{sha256}} (or {@code {sha256}.{ext}}) with single byte ranges, from
 * segments held in memory. The demo serves its sample video with it; tests serve their fixtures.
 */
public final class SegmentOrigin implements AutoCloseable {

    private final HttpServer server;

    private SegmentOrigin(HttpServer server) {
        this.server = server;
    }

    /** Every segment (and init segment) of an HLS folder, by the hex SHA-256 of its bytes. */
    public static Map<String, byte[]> segmentsOf(HlsFolder hls) {
        Map<String, byte[]> segments = new HashMap<>();
        for (HlsFolder.HlsRendition rendition : hls.renditions()) {
            if (rendition.init() != null) {
                byte[] init = rendition.init().read();
                segments.put(Sha256.of(init).hex(), init);
            }
            for (HlsFolder.SegmentSource source : rendition.segments()) {
                byte[] bytes = source.read();
                segments.put(Sha256.of(bytes).hex(), bytes);
            }
        }
        return segments;
    }

    /** Serves {@code segments} (keyed by hex SHA-256) on a loopback port ({@code 0}: any free one). */
    public static SegmentOrigin serve(Map<String, byte[]> segments, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, port), 0);
            server.createContext("/segments/", exchange -> {
                // players ask for SHA.ts, SHA.m4s or SHA.mp4 (the playlist's names), agents for the bare SHA
                String name = exchange.getRequestURI().getPath().substring("/segments/".length());
                byte[] bytes = segments.get(name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
                if (bytes == null) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                int from = 0;
                int to = bytes.length - 1;
                String range = exchange.getRequestHeaders().getFirst("Range");
                boolean partial = range != null && range.matches("bytes=\\d+-\\d*");
                if (partial) {
                    String[] ends = range.substring(6).split("-", 2);
                    from = Integer.parseInt(ends[0]);
                    to = ends[1].isEmpty() ? to : Math.min(to, Integer.parseInt(ends[1]));
                    if (from > to) {
                        exchange.getResponseHeaders().add("Content-Range", "bytes */" + bytes.length);
                        exchange.sendResponseHeaders(416, -1);
                        exchange.close();
                        return;
                    }
                    exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + bytes.length);
                }
                exchange.getResponseHeaders().add("Content-Type", "video/mp2t");
                exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
                exchange.sendResponseHeaders(partial ? 206 : 200, to - from + 1);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes, from, to - from + 1);
                }
            });
            server.start();
            return new SegmentOrigin(server);
        } catch (IOException e) {
            throw new LaunchException("cannot serve segments on " + Ports.LOOPBACK + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
