package dev.shoal.cli.login;

/**
 * The identity provider's answer to a device authorization request (RFC 8628, 3.2): what to show the person, and
 * what to poll the token endpoint with.
 *
 * @param verificationUriComplete the page with the code filled in, when the provider offers one
 * @param intervalSeconds          how long to wait between polls
 */
public record DeviceAuthorization(String deviceCode, String userCode, String verificationUri, String verificationUriComplete,
                                  long expiresInSeconds, long intervalSeconds) {
}
