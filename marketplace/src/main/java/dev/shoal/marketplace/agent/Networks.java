package dev.shoal.marketplace.agent;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which network an agent serves from, for spreading replicas: the /24 of an IPv4 address, the /48 of
 * an IPv6 one, the host name otherwise (never resolved: no DNS on the request path). Two agents behind
 * one home connection share a network. On one demo machine every agent is on loopback, so there each
 * port counts as its own network.
 */
public final class Networks {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Networks() {
    }

    public static String of(String endpoint) {
        URI uri = URI.create(endpoint);
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("endpoint has no host: " + endpoint);
        }
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!IPV4.matcher(literal).matches() && !literal.contains(":")) {
            return "localhost".equalsIgnoreCase(literal) ? "loopback:" + uri.getPort() : "host:" + literal.toLowerCase(Locale.ROOT);
        }
        try {
            InetAddress address = InetAddress.getByName(literal); // a literal: parsed, not looked up
            if (address.isLoopbackAddress()) {
                return "loopback:" + uri.getPort();
            }
            byte[] b = address.getAddress();
            if (b.length == 4) {
                return String.format("%d.%d.%d.0/24", b[0] & 0xff, b[1] & 0xff, b[2] & 0xff);
            }
            return String.format("%02x%02x:%02x%02x:%02x%02x::/48", b[0], b[1], b[2], b[3], b[4], b[5]);
        } catch (UnknownHostException e) {
            return "host:" + literal.toLowerCase(Locale.ROOT);
        }
    }
}
