package dev.shoal.contracts.media;

/**
 * What a master playlist says about a variant, as read from the media itself.
 *
 * @param codecs RFC 6381 codecs of every elementary stream, video first ({@code avc1.64001f,mp4a.40.2}); ""
 *               when any stream's codec is not one we can name (a partial CODECS list would be wrong)
 * @param width  pixels after cropping, 0 if unknown (no video, or a codec we do not parse)
 * @param height pixels after cropping, 0 if unknown
 */
public record MediaFormat(String codecs, int width, int height) {

    public static final MediaFormat UNKNOWN = new MediaFormat("", 0, 0);
}
