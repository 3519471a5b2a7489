package dev.shoal.marketplace.content;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * A poster as uploaded, checked: its kind from its first bytes (never from the Content-Type it was sent with), its
 * picture size from the image itself. JPEG and PNG are decoded whole (the JDK's ImageIO), so a truncated or corrupt
 * one is refused; WebP, which the JDK cannot decode, is checked as far as its RIFF container and frame header.
 *
 * @param mediaType image/jpeg, image/png or image/webp
 */
public record PosterImage(String mediaType, int width, int height) {

    /** The largest poster kept: a 1080p JPEG frame is far below it. */
    public static final int MAX_BYTES = 2 * 1024 * 1024;
    public static final int MIN_SIDE = 16;
    public static final int MAX_SIDE = 4096;

    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** The image's kind and size; 413 over {@link #MAX_BYTES}, 415 for anything but a readable JPEG, PNG or WebP, 422 for a size out of range. */
    public static PosterImage read(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "the body is empty: send the poster's bytes (JPEG, PNG or WebP)");
        }
        if (bytes.length > MAX_BYTES) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "the poster is " + bytes.length + " bytes; at most "
                    + MAX_BYTES + " are kept", Map.of("maxBytes", MAX_BYTES));
        }
        PosterImage image;
        if (startsWith(bytes, JPEG)) {
            if ((bytes[bytes.length - 2] & 0xFF) != 0xFF || (bytes[bytes.length - 1] & 0xFF) != 0xD9) {
                throw notAnImage("the JPEG image is cut short (it does not end with its end-of-image marker)");
            }
            image = decoded("image/jpeg", "jpeg", bytes);
        } else if (startsWith(bytes, PNG)) {
            image = decoded("image/png", "png", bytes);
        } else if (bytes.length >= 30 && ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WEBP")) {
            image = webp(bytes);
        } else {
            throw notAnImage("it is not a JPEG, PNG or WebP image");
        }
        if (image.width < MIN_SIDE || image.height < MIN_SIDE || image.width > MAX_SIDE || image.height > MAX_SIDE) {
            throw new ProblemException(ProblemType.POSTER_REJECTED, "the poster is " + image.width + "x" + image.height
                    + " pixels; each side must be from " + MIN_SIDE + " to " + MAX_SIDE,
                    Map.of("width", image.width, "height", image.height));
        }
        return image;
    }

    private static PosterImage decoded(String mediaType, String format, byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
            if (!readers.hasNext()) {
                throw notAnImage("no " + format + " reader");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > MAX_SIDE || height > MAX_SIDE) {
                    return new PosterImage(mediaType, width, height); // refused by size before decoding a huge picture
                }
                var picture = reader.read(0);
                return new PosterImage(mediaType, picture.getWidth(), picture.getHeight());
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw notAnImage("it starts as a " + format.toUpperCase() + " image but does not decode: " + e.getMessage());
        }
    }

    /** Width and height from the first frame header: VP8 (lossy), VP8L (lossless) or VP8X (extended). */
    private static PosterImage webp(byte[] b) {
        long riffSize = le32(b, 4);
        if (riffSize + 8 > b.length) {
            throw notAnImage("the WebP file is cut short (" + b.length + " of " + (riffSize + 8) + " bytes)");
        }
        if (ascii(b, 12, "VP8X")) {
            return new PosterImage("image/webp", le24(b, 24) + 1, le24(b, 27) + 1);
        }
        if (ascii(b, 12, "VP8 ") && (b[23] & 0xFF) == 0x9D && (b[24] & 0xFF) == 0x01 && (b[25] & 0xFF) == 0x2A) {
            return new PosterImage("image/webp", le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
        }
        if (ascii(b, 12, "VP8L") && (b[20] & 0xFF) == 0x2F) {
            long bits = le32(b, 21);
            return new PosterImage("image/webp", (int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
        }
        throw notAnImage("the WebP file has no frame header Shoal reads");
    }

    private static ProblemException notAnImage(String why) {
        return new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "not a poster: " + why + " (JPEG, PNG or WebP expected)");
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static boolean ascii(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (at + i >= b.length || b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int le16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int le24(byte[] b, int at) {
        return le16(b, at) | (b[at + 2] & 0xFF) << 16;
    }

    private static long le32(byte[] b, int at) {
        return (le24(b, at) | (long) (b[at + 3] & 0xFF) << 24);
    }
}
