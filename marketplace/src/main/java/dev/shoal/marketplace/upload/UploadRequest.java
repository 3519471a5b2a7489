package dev.shoal.marketplace.upload;

/**
 * A new upload: the file's name and size (bytes), the title it will be published under (default: the name), and for
 * an advertiser's ad the content id of the original it is cut like (its renditions, so the ad splices into each).
 */
public record UploadRequest(String name, Long size, String title, String original) {

    public UploadRequest(String name, Long size, String title) {
        this(name, size, title, null);
    }
}
