package dev.shoal.marketplace.settlement;

import dev.shoal.service.reactive.OwnContext;
import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

/** The fast tests' {@link OwnContext}: mocked repositories need no Vert.x context, so the work runs where it is asked for. */
final class SameThread extends OwnContext {

    @Override
    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(work::get);
    }
}
