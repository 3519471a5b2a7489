package dev.shoal.contracts.directory;

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
}
