package dev.shoal.service.reactive;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.Executor;

/**
 * A reactive session lives on the Vert.x context that opened it, and Hibernate Reactive refuses any other thread.
 * A service that leaves that context (a chain node or another service answers on a worker thread) comes back
 * through {@link #executor()}, taken while still on it, so its caller may go on using sessions.
 */
public final class CallerContext {

    private CallerContext() {
    }

    /** Runs tasks on the calling thread's Vert.x context; directly when there is none (a fast test, a plain thread). */
    public static Executor executor() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }
}
