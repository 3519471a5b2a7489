package dev.shoal.contracts.directory;

import dev.shoal.contracts.mirror.MirrorTemplate;
import dev.shoal.contracts.playlist.SegmentName;

import java.util.List;
import java.util.Optional;

/**
 * One place a content can be fetched from.
 *
 * @param url    base URL; segments are at {@code {url}/segments/{sha256}}; for a mirror, its URL template
 *               ({@link dev.shoal.contracts.mirror.MirrorTemplate}: {@code {sha256}} and {@code {ext}} filled in)
 * @param agent  the agent's payout address (agents only)
 * @param region the agent's region (agents only)
 * @param load   share of the agent's capacity in use, 0..1 (0 for origins and mirrors)
 */
public record Source(String url, SourceKind kind, String agent, String region, double load) {

    public static Source agent(String url, String agent, String region, double load) {
        return new Source(url, SourceKind.AGENT, agent, region, load);
    }

    public static Source origin(String url) {
        return new Source(url, SourceKind.ORIGIN, null, null, 0);
    }

    public static Source mirror(String urlTemplate) {
        return new Source(urlTemplate, SourceKind.MIRROR, null, null, 0);
    }

    /**
     * Where this source keeps a segment of content {@code contentId}: an agent or origin at {@code {url}/segments/{name}},
     * a mirror where its URL template says (none for a bare name when the template needs the extension).
     */
    public Optional<String> segmentUrl(SegmentName name, String contentId) {
        if (kind == SourceKind.MIRROR) {
            if (name.extension().isEmpty() && url.contains(MirrorTemplate.EXT)) {
                return Optional.empty();
            }
            return Optional.of(new MirrorTemplate(url).url(name.sha256().hex(), name.extension()));
        }
        return Optional.of(url.replaceAll("/+$", "") + "/segments/" + name + "?content=" + contentId);
    }

    /**
     * Where a redirect for a segment goes: the first of the locator's {@code ranked} sources that can serve it (a player
     * without our loader, or a preview, takes the locator's best source), or empty when none can.
     */
    public static Optional<String> firstSegmentUrl(List<Source> ranked, SegmentName name, String contentId) {
        return ranked.stream().map(s -> s.segmentUrl(name, contentId)).flatMap(Optional::stream).findFirst();
    }
}
