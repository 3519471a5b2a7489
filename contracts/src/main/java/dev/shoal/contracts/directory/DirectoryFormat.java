package dev.shoal.contracts.directory;

import dev.shoal.contracts.error.UnknownVersionException;

/** The version of the directory's wire format (see the package documentation). */
public final class DirectoryFormat {

    public static final int VERSION = 1;

    private DirectoryFormat() {
    }

    /** The body, if this build reads its version; otherwise {@link UnknownVersionException}. */
    public static <T> T requireKnown(String what, int version, T body) {
        if (version != VERSION) {
            throw new UnknownVersionException(what, version, VERSION);
        }
        return body;
    }
}
