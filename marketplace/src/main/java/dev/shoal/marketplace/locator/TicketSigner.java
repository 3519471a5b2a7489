package dev.shoal.marketplace.locator;

import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.market.LocatorTicket;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.service.reactive.CallerContext;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Signs locator tickets off the event loop, in batches: requests queue their unsigned tickets, and one signing thread
 * takes whatever has queued (up to {@value #MAX_BATCH}) and signs it with one signature over the batch's Merkle root
 * ({@link LocatorTicket#signBatch}). An idle locator signs each ticket alone, as soon as it is asked; a busy one signs
 * once for every request that came in while the previous signature was being made, so its rate is bounded by hashing,
 * not by ECDSA. Each caller gets its ticket back on its own Vert.x context.
 */
@ApplicationScoped
public class TicketSigner {

    static final int MAX_BATCH = 256;
    private static final Logger LOG = Logger.getLogger(TicketSigner.class);

    private record Pending(LocatorTicket unsigned, CompletableFuture<LocatorTicket> signed) {
    }

    private final SigningKey key;
    private final Duration lifetime;
    private final Clock clock;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread signer;
    private volatile boolean running = true;

    public TicketSigner(MarketplaceConfig config, Clock clock) {
        this.key = SigningKey.fromHex(config.market().locatorKey());
        this.lifetime = config.market().ticketLifetime();
        this.clock = clock;
        this.signer = Thread.ofPlatform().name("locator-ticket-signer").daemon().start(this::run);
    }

    /** A fresh ticket for {@code contentId}, signed in the next batch. */
    public Uni<LocatorTicket> ticket(String contentId) {
        Pending pending = new Pending(LocatorTicket.unsigned(key.address(), contentId, lifetime, clock), new CompletableFuture<>());
        var back = CallerContext.executor();
        return Uni.createFrom().deferred(() -> {
            if (!running) {
                return Uni.createFrom().failure(new IllegalStateException("the locator is shutting down"));
            }
            queue.add(pending);
            return Uni.createFrom().completionStage(pending.signed()).emitOn(back);
        });
    }

    /** The address tips credit as locator. */
    public String address() {
        return key.address().toString();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                List<LocatorTicket> signed = LocatorTicket.signBatch(key, batch.stream().map(Pending::unsigned).toList());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).signed().complete(signed.get(i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.errorf(e, "signing a batch of %d locator tickets failed", batch.size());
                batch.forEach(p -> p.signed().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.signed().completeExceptionally(new IllegalStateException("the locator is shutting down"));
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        signer.interrupt();
    }
}
