package dev.shoal.agent.serving;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.epoll.EpollSocketChannel;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * {@code TCP_CORK} on a request's connection for the time of one response: what nginx's {@code tcp_nopush} does
 * around {@code sendfile}. Corked, the headers and the file leave in full segments, pushed by the sending thread, and
 * the tail when the response ends ({@link #uncork}). Uncorked (Vert.x's default, with {@code TCP_NODELAY}), the
 * serving benchmark's client advertised a receive window of ~130 KB instead of several MB: every 2 MB segment then
 * went out in ~16 window-sized bursts, each sent from the client's own acknowledgement, and the client spent ~45%
 * more CPU per segment (docs/benchmarks.md, "Serving 2 MB segments"). Never corked for good
 * ({@code quarkus.http.tcp-cork}): a corked socket holds a response's last partial segment for up to 200 ms, which
 * every small answer on the connection (a 304, a problem, a playlist) would wait.
 *
 * <p>Only HTTP/1.x on Netty's native epoll transport: Java's NIO sockets have no {@code TCP_CORK}, and an HTTP/2
 * connection carries other streams' frames. Anywhere else both methods do nothing.
 */
public final class TcpCork {

    private TcpCork() {
    }

    /** Corks the request's connection; returns the channel to {@link #uncork} when the response ends, or null. */
    public static Channel cork(HttpServerRequest request) {
        EpollSocketChannel channel = epoll(request);
        if (channel == null) {
            return null;
        }
        try {
            channel.config().setTcpCork(true);
            return channel;
        } catch (ChannelException closed) {
            return null;
        }
    }

    /** Pushes what is left and lets the connection's next (small) responses go out at once. */
    public static void uncork(Channel channel) {
        if (channel instanceof EpollSocketChannel epoll && epoll.isOpen()) {
            try {
                epoll.config().setTcpCork(false);
            } catch (ChannelException closed) {
                // the connection closed meanwhile: nothing is left to push
            }
        }
    }

    /** Whether the request's connection is corked now (false where corking does not apply). */
    public static boolean corked(HttpServerRequest request) {
        EpollSocketChannel channel = epoll(request);
        try {
            return channel != null && channel.isOpen() && channel.config().isTcpCork();
        } catch (ChannelException closed) {
            return false;
        }
    }

    private static EpollSocketChannel epoll(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2 || !(request.connection() instanceof ConnectionBase connection)) {
            return null;
        }
        Channel channel = connection.channel();
        return channel instanceof EpollSocketChannel epoll ? epoll : null;
    }
}
