package dev.shoal.deploy.process;

import dev.shoal.deploy.LaunchException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Loopback ports: free ones picked at start, or fixed ones checked before use. */
public final class Ports {

    public static final String LOOPBACK = "127.0.0.1";

    private final Integer basePort;
    private final Set<Integer> handedOut = new HashSet<>();
    private int next;

    /** @param basePort null to pick free ports; otherwise ports are basePort, basePort+1, ... in order of request */
    public Ports(Integer basePort) {
        this.basePort = basePort;
        this.next = basePort == null ? 0 : basePort;
    }

    /** Whether ports are fixed ({@code --base-port}): handed out in order of request from the base. */
    public boolean fixed() {
        return basePort != null;
    }

    /** A port for {@code owner}: free now, and not handed out before by this instance. */
    public synchronized int take(String owner) {
        if (basePort != null) {
            int port = next++;
            requireFree(port, owner);
            handedOut.add(port);
            return port;
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = anyFree();
            if (handedOut.add(port)) {
                return port;
            }
        }
        throw new LaunchException("no free loopback port found for " + owner);
    }

    public static void requireFree(int port, String owner) {
        if (!isFree(port)) {
            throw new LaunchException("port " + port + " (" + owner + ") is already in use on " + LOOPBACK
                    + ": stop what holds it, or choose another --base-port (or none, to pick free ports)");
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LaunchException("cannot open a loopback socket: " + e.getMessage(), e);
        }
    }
}
