package dev.shoal.gateway.tracker;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per client address: a cap on open connections and a token bucket on messages. An address is forgotten when its
 * last connection closes, so the table holds only addresses that are connected.
 */
final class IpLimiter {

    private static final class Address {
        int sockets;
        double tokens;
        long refilledAt;
    }

    private final int maxSockets;
    private final double tokensPerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Address> addresses = new HashMap<>();

    IpLimiter(int maxSockets, double messagesPerSecond, int burst, LongSupplier nanoClock) {
        this.maxSockets = maxSockets;
        this.tokensPerNano = messagesPerSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /** False when the address already has its share of connections (nothing is counted then). */
    synchronized boolean openSocket(String ip) {
        Address address = addresses.get(ip);
        if (address == null) {
            address = new Address();
            address.tokens = burst;
            address.refilledAt = nanoClock.getAsLong();
            addresses.put(ip, address);
        }
        if (address.sockets >= maxSockets) {
            return false;
        }
        address.sockets++;
        return true;
    }

    synchronized void closeSocket(String ip) {
        Address address = addresses.get(ip);
        if (address != null && --address.sockets <= 0) {
            addresses.remove(ip);
        }
    }

    /** Takes a token from the address' bucket; false when it is empty. */
    synchronized boolean allowMessage(String ip) {
        Address address = addresses.get(ip);
        if (address == null) {
            return true;
        }
        long now = nanoClock.getAsLong();
        address.tokens = Math.min(burst, address.tokens + (now - address.refilledAt) * tokensPerNano);
        address.refilledAt = now;
        if (address.tokens < 1) {
            return false;
        }
        address.tokens -= 1;
        return true;
    }

    synchronized int addresses() {
        return addresses.size();
    }
}
