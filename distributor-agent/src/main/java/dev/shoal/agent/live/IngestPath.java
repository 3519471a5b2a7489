package dev.shoal.agent.live;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A file inside a room's ingest folder, as the encoder names it: relative, normalised, made of plain names
 * ({@code [A-Za-z0-9._-]}), at most four deep, with an HLS extension. Nothing an encoder or a playlist says can
 * name anything outside its room: {@code ../}, absolute paths, URLs, queries and other rooms are refused.
 */
record IngestPath(String path) {

    enum Kind { PLAYLIST, TS, M4S, INIT }

    private static final int MAX_DEPTH = 4;
    private static final int MAX_NAME = 128;

    Kind kind() {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".m3u8")) {
            return Kind.PLAYLIST;
        }
        if (p.endsWith(".ts")) {
            return Kind.TS;
        }
        if (p.endsWith(".m4s")) {
            return Kind.M4S;
        }
        return Kind.INIT;
    }

    /** The folder a playlist's relative URIs start from ("" at the room's top). */
    String folder() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** What the encoder PUT or DELETEd, relative to {@code /ingest/{room}/{key}/}. */
    static IngestPath ofRequest(String relative) {
        return checked(relative, relative, ProblemType.PLAYLIST_PATH_OUTSIDE_ROOM);
    }

    /** A URI inside a playlist at {@code playlist}, resolved against that playlist's folder. */
    static IngestPath ofUri(IngestPath playlist, String uri) {
        String u = uri == null ? "" : uri.strip();
        if (u.isEmpty() || u.contains("?") || u.contains("#") || u.contains("\\") || u.contains("%")
                || u.startsWith("/") || u.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            throw outside(playlist, u, "only relative paths inside the room (no URL, absolute path, query or escape)");
        }
        String folder = playlist.folder();
        return checked(folder.isEmpty() ? u : folder + "/" + u, u, ProblemType.PLAYLIST_PATH_OUTSIDE_ROOM);
    }

    private static IngestPath checked(String joined, String as, ProblemType type) {
        List<String> parts = new ArrayList<>();
        for (String part : joined.split("/", -1)) {
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new ProblemException(type, "'" + shown(as) + "' climbs out of the room");
                }
                parts.remove(parts.size() - 1);
            } else if (part.equals(".")) {
                continue;
            } else if (part.isEmpty() || part.length() > MAX_NAME || !part.matches("[A-Za-z0-9._-]+")) {
                throw new ProblemException(type, "'" + shown(as) + "' is not a plain relative path (names of"
                        + " letters, digits, '.', '_' and '-')");
            } else {
                parts.add(part);
            }
        }
        if (parts.isEmpty() || parts.size() > MAX_DEPTH) {
            throw new ProblemException(type, "'" + shown(as) + "' must name a file at most " + MAX_DEPTH + " folders deep");
        }
        String path = String.join("/", parts);
        String lower = path.toLowerCase(Locale.ROOT);
        if (!(lower.endsWith(".m3u8") || lower.endsWith(".ts") || lower.endsWith(".m4s") || lower.endsWith(".mp4"))) {
            throw new ProblemException(ProblemType.NOT_HLS, "'" + shown(as) + "' is not an HLS file: the origin takes"
                    + " .m3u8 playlists, .ts and .m4s segments and .mp4 init segments");
        }
        return new IngestPath(path);
    }

    private static ProblemException outside(IngestPath playlist, String uri, String why) {
        return new ProblemException(ProblemType.PLAYLIST_PATH_OUTSIDE_ROOM, playlist.path() + " names '" + shown(uri)
                + "': " + why);
    }

    static String shown(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
