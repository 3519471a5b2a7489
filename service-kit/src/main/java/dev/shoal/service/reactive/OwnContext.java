package dev.shoal.service.reactive;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Reactive persistence work started where Hibernate Reactive cannot open a session: jobs and the chain sender run
 * on worker threads. Each call runs on a fresh, safe Vert.x context of its own, so it is a unit of work by itself,
 * never part of the caller's session. Fast tests give their services a subclass that runs the work directly.
 */
@ApplicationScoped
public class OwnContext {

    /** How long a worker waits for one unit of work before it gives up. */
    static final Duration WAIT = Duration.ofMinutes(1);

    /** The work's outcome, delivered on the new context's thread; subscribing is all it takes, from any thread. */
    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> VertxContextSupport.subscribe(() -> work.get().toMulti(),
                subscription -> subscription.with(emitter::complete, emitter::fail, () -> emitter.complete(null))));
    }

    /** Runs the work and waits for it; for worker threads only. */
    public <T> T await(Supplier<Uni<T>> work) {
        return run(work).await().atMost(WAIT);
    }
}
