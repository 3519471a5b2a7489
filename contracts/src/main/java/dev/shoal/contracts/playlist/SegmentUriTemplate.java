package dev.shoal.contracts.playlist;

import dev.shoal.contracts.error.ContentException;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where playlist URIs point, e.g. {@code {base}/segments/{sha256}.{ext}}: the gateway and agents choose the source.
 * Placeholders: {base}, {content}, {rendition}, {index} (-1 for an init segment), {sha256}, {ext} (the
 * container's extension, see {@link SegmentName}).
 */
public final class SegmentUriTemplate {

    public static final String DEFAULT = "{base}/segments/{sha256}.{ext}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9]+)}");
    private static final Set<String> KNOWN = Set.of("base", "content", "rendition", "index", "sha256", "ext");

    private final String pattern;
    private final String base;

    private SegmentUriTemplate(String pattern, String base) {
        this.pattern = pattern;
        this.base = base;
    }

    /** @param base what {base} expands to, without a trailing slash (may be "" for relative URIs) */
    public static SegmentUriTemplate of(String pattern, String base) {
        if (pattern == null || base == null || pattern.contains("\n") || base.contains("\n")) {
            throw new ContentException.MalformedValue("a URI template and base are single-line strings");
        }
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            if (!KNOWN.contains(m.group(1))) {
                throw new ContentException.MalformedValue("unknown placeholder {" + m.group(1) + "} in " + pattern);
            }
        }
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return new SegmentUriTemplate(pattern, b);
    }

    public static SegmentUriTemplate defaultAt(String base) {
        return of(DEFAULT, base);
    }

    /** @param content a content id, or a live room's id */
    public String expand(String content, String rendition, long index, SegmentName segment) {
        String out = pattern.replace("{base}", base).replace("{content}", content)
                .replace("{rendition}", rendition).replace("{index}", Long.toString(index))
                .replace("{sha256}", segment.sha256().hex()).replace("{ext}", segment.extension());
        return out.startsWith("/") && base.isEmpty() && pattern.startsWith("{base}/") ? out.substring(1) : out;
    }

    public String pattern() {
        return pattern;
    }
}
