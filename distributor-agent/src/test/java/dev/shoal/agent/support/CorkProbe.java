package dev.shoal.agent.support;

import dev.shoal.agent.serving.TcpCork;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Test only: every {@code /segments/} response says in {@value #HEADER} whether its connection was corked while its
 * headers were written, read from the real socket ({@code getsockopt(TCP_CORK)}). Its route comes before the segment
 * route (same order, added first: this observer runs before the default-priority ones).
 */
@Singleton
public class CorkProbe {

    public static final String HEADER = "Test-Tcp-Cork";

    void routes(@Observes @Priority(1) Router router) {
        router.route("/segments/*").order(Integer.MIN_VALUE).handler(this::probe);
    }

    private void probe(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> ctx.response().putHeader(HEADER, Boolean.toString(TcpCork.corked(ctx.request()))));
        ctx.next();
    }
}
