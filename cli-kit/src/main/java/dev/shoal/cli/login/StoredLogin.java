package dev.shoal.cli.login;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

/**
 * A login kept on disk: whose, at which identity provider and client, and the refresh token that gets new access
 * tokens without asking the person again. The file is the person's credential: written readable by its owner only
 * (mode 0600), replaced atomically.
 *
 * @param issuer   the realm the refresh token is for
 * @param clientId the client that obtained it (only that client may use it)
 * @param user     who signed in, as shown to them
 * @param savedAt  ISO-8601
 */
public record StoredLogin(String issuer, String clientId, String user, String refreshToken, String savedAt) {

    /** Where a distributor agent keeps its operator's login, in its data folder ({@code distributor-agent login}). */
    public static final String OPERATOR_LOGIN_FILE = "operator-login.json";

    /** The public client of Shoal's realm that command lines sign in through. */
    public static final String CLI_CLIENT = "shoal-cli";

    public static StoredLogin of(IdentityProvider provider, Tokens tokens) {
        if (tokens.refreshToken() == null) {
            throw new LoginException(LoginException.Reason.REFUSED, "the identity provider gave no refresh token");
        }
        return new StoredLogin(provider.issuer(), provider.clientId(), tokens.user(), tokens.refreshToken(), Instant.now().toString());
    }

    /** The same login with a newer refresh token (providers may hand out a new one at every refresh). */
    public StoredLogin withRefreshToken(String token) {
        return new StoredLogin(issuer, clientId, user, token, Instant.now().toString());
    }

    public static Optional<StoredLogin> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(file.toFile(), StoredLogin.class));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable login in " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path part = dir.resolve(file.getFileName() + ".part");
            Files.deleteIfExists(part);
            try {
                Files.createFile(part, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(part);
            } catch (FileAlreadyExistsException e) {
                throw new IOException("another login is being written to " + file, e);
            }
            Files.write(part, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the login in " + file + ": " + e.getMessage(), e);
        }
    }
}
