package dev.shoal.marketplace.mirror;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.mirror.MirrorRegistration;
import dev.shoal.contracts.mirror.MirrorTemplate;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a mirror registration must be before the database is asked anything: well formed, for this content and this
 * method, signed by the key it names, fresh, and for a public host. Pure, so each refusal has a fast test.
 */
public final class MirrorChecks {

    private MirrorChecks() {
    }

    /** A registration that passed: its template, the address that signed it and its digest (what replays are known by). */
    public record Checked(MirrorRegistration registration, MirrorTemplate template, Address registrant, Sha256 digest) {

        public String contentId() {
            return registration.contentId();
        }
    }

    /**
     * @param contentId the content the request's path names
     * @param action    {@code add} for POST, {@code remove} for DELETE
     * @param freshness how far {@code issuedAtMillis} may be from now, either way
     */
    public static Checked check(String contentId, String action, MirrorRegistration r, Instant now, Duration freshness) {
        if (r == null) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the body is a signed mirror registration");
        }
        if (r.version() != MirrorRegistration.VERSION) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "mirror registration version " + r.version() + " is not "
                    + MirrorRegistration.VERSION, Map.of("field", "version"));
        }
        if (!action.equals(r.action())) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "this method takes a registration whose action is " + action
                    + ", not " + r.action(), Map.of("field", "action"));
        }
        if (contentId == null || !contentId.equals(r.contentId())) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the registration is for content " + r.contentId()
                    + ", not " + contentId, Map.of("field", "contentId"));
        }
        MirrorTemplate template;
        try {
            template = r.template();
            r.content();
        } catch (ContentException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, e.getMessage(), Map.of("field", "url", "code", e.code()));
        }
        Address signer;
        Sha256 digest;
        try {
            digest = r.digest();
            signer = r.verify();
        } catch (ContentException e) {
            throw new ProblemException(ProblemType.SIGNATURE_INVALID, e.getMessage(), Map.of("code", e.code()));
        }
        long skew = Math.abs(now.toEpochMilli() - r.issuedAtMillis());
        if (skew > freshness.toMillis()) {
            throw new ProblemException(ProblemType.REPLAYED, "the registration was signed at " + Instant.ofEpochMilli(r.issuedAtMillis())
                    + ", more than " + freshness.toMinutes() + " minutes from now: sign a fresh one");
        }
        return new Checked(r, template, signer, digest);
    }

    /**
     * Refuses a host that is, or resolves to, a private, loopback, link-local, unspecified or multicast address: a mirror is
     * fetched by agents and viewers everywhere, and must not point them into someone's network. Loopback passes when
     * {@code allowLoopback} (the local stack, where every service is on 127.0.0.1). Resolves names, so it blocks:
     * call it off the event loop.
     */
    public static void requirePublicHost(String host, boolean allowLoopback) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the mirror's host " + host + " does not resolve", Map.of("field", "url"));
        }
        for (InetAddress a : addresses) {
            if (a.isLoopbackAddress() && allowLoopback) {
                continue;
            }
            if (isPrivate(a)) {
                throw new ProblemException(ProblemType.MIRROR_PRIVATE_ADDRESS, "the mirror's host " + host + " is " + a.getHostAddress()
                        + ", a private, loopback or link-local address" + (allowLoopback ? "" : " (this marketplace allows no loopback mirrors)"));
            }
        }
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128); // "this network", carrier-grade NAT
        }
        return a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }
}
