package dev.shoal.marketplace.upload;

/** A new upload: the file's name and size (bytes), the title it will be published under (default: the name). */
public record UploadRequest(String name, Long size, String title) {
}
