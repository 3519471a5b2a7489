package dev.shoal.agent.identity;

import dev.shoal.contracts.identity.SigningKey;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The agent's key: it signs receipts, proofs, registrations and heartbeats; its address receives payouts. */
public final class AgentIdentity {

    private static final Logger LOG = Logger.getLogger(AgentIdentity.class);

    private AgentIdentity() {
    }

    /** Reads the key file, or creates it (owner-only) with a fresh key. */
    public static SigningKey loadOrCreate(Path file) {
        if (Files.exists(file)) {
            return SigningKey.fromFile(file);
        }
        SigningKey key = SigningKey.generate();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path part = file.resolveSibling(file.getFileName() + ".part");
            Files.deleteIfExists(part);
            try {
                Files.createFile(part, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(part);
            }
            Files.writeString(part, key.privateKeyHex() + "\n", StandardOpenOption.WRITE);
            Files.move(part, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the agent key at " + file + ": " + e.getMessage(), e);
        }
        LOG.infof("created a new agent key at %s (address %s): back it up, payouts go to it", file, key.address());
        return key;
    }
}
