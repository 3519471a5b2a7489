package dev.shoal.contracts.mirror;

import dev.shoal.contracts.error.ContentException;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a mirror keeps a content's segments: an http(s) URL with {@value #SHA256} where the segment's hex SHA-256
 * goes and, optionally, {@value #EXT} where its extension goes ({@code ts}, {@code m4s}, {@code mp4}), e.g.
 * {@code https://bucket.example/shoal/segments/{sha256}.{ext}}, the layout {@code shoal mirror push} writes. A base
 * URL without placeholders is a server laid out as agents are: {@code {base}/segments/{sha256}}.
 */
public record MirrorTemplate(String template) {

    public static final String SHA256 = "{sha256}";
    public static final String EXT = "{ext}";
    public static final int MAX_LENGTH = 2048;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");

    public MirrorTemplate {
        if (template == null || template.isBlank() || template.length() > MAX_LENGTH) {
            throw new ContentException.MalformedValue("a mirror URL is 1 to " + MAX_LENGTH + " characters");
        }
        if (!template.contains(SHA256)) {
            throw new ContentException.MalformedValue("a mirror URL template names " + SHA256 + ": " + template);
        }
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!m.group().equals(SHA256) && !m.group().equals(EXT)) {
                throw new ContentException.MalformedValue("a mirror URL template knows " + SHA256 + " and " + EXT + ", not " + m.group());
            }
        }
        URI uri;
        try {
            uri = URI.create(resolve(template, "0".repeat(64), "ts"));
        } catch (IllegalArgumentException e) {
            throw new ContentException.MalformedValue("not a URL: " + template);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isBlank()) {
            throw new ContentException.MalformedValue("a mirror is an http(s) URL, not " + template);
        }
        if (uri.getRawUserInfo() != null) {
            throw new ContentException.MalformedValue("a mirror URL carries no user name or password");
        }
    }

    /** A template as given, or a base URL turned into {@code {base}/segments/{sha256}}. */
    public static MirrorTemplate parse(String url) {
        if (url != null && !url.contains("{")) {
            return new MirrorTemplate(url.replaceAll("/+$", "") + "/segments/" + SHA256);
        }
        return new MirrorTemplate(url);
    }

    /** The URL of one segment. {@code ext} without its dot. */
    public String url(String sha256Hex, String ext) {
        return resolve(template, sha256Hex, ext);
    }

    /** The host the mirror is on (to check it is not a private address). */
    public String host() {
        return URI.create(url("0".repeat(64), "ts")).getHost();
    }

    private static String resolve(String template, String sha256Hex, String ext) {
        return template.replace(SHA256, sha256Hex).replace(EXT, ext);
    }

    @Override
    public String toString() {
        return template;
    }
}
