package dev.shoal.agent.fetch;

import java.io.IOException;

/** A source sent something no honest source sends; the fetch stops using it. */
public class SourceLiedException extends IOException {

    public SourceLiedException(String message) {
        super(message);
    }
}
