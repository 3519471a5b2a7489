package dev.shoal.agent.operator;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret the local CLI proves it runs as the operator with: a random token in {@code DATA/operator.token},
 * readable by the owner only, sent in the {@value #HEADER} header. The local API accepts nothing else, so a web
 * page in the operator's browser cannot drive the agent.
 */
public final class OperatorToken {

    public static final String HEADER = "X-Shoal-Operator-Token";
    private final byte[] secret;

    private OperatorToken(String secret) {
        this.secret = secret.getBytes(StandardCharsets.US_ASCII);
    }

    public static OperatorToken loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] b = new byte[24];
                new SecureRandom().nextBytes(b);
                Path part = file.resolveSibling(file.getFileName() + ".part");
                Files.deleteIfExists(part);
                try {
                    Files.createFile(part, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(part);
                }
                Files.writeString(part, HexFormat.of().formatHex(b) + "\n");
                Files.move(part, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new OperatorToken(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }

    public static String read(Path dataDir) throws IOException {
        return Files.readString(dataDir.resolve("operator.token")).strip();
    }

    public void check(String presented) {
        if (presented == null || presented.isEmpty()) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "the local API needs the " + HEADER
                    + " header with the token from the data folder's operator.token");
        }
        if (!MessageDigest.isEqual(secret, presented.strip().getBytes(StandardCharsets.US_ASCII))) {
            throw new ProblemException(ProblemType.FORBIDDEN, "wrong operator token");
        }
    }
}
