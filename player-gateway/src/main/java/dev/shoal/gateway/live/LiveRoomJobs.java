package dev.shoal.gateway.live;

import dev.shoal.gateway.outbox.Outbox;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Rooms whose origin fell silent go INTERRUPTED (docs/live.md, "Lifecycle"). */
@ApplicationScoped
public class LiveRoomJobs {

    private static final Logger LOG = Logger.getLogger(LiveRoomJobs.class);

    private final LiveRooms rooms;
    private final Outbox outbox;

    public LiveRoomJobs(LiveRooms rooms, Outbox outbox) {
        this.rooms = rooms;
        this.outbox = outbox;
    }

    @Scheduled(every = "${shoal.live.interrupt-check}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> interruptSilentRooms() {
        return rooms.interruptSilent()
                .invoke(n -> {
                    if (n > 0) {
                        outbox.committed();
                        LOG.infof("%d live room(s) interrupted: their origin fell silent", n);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("checking for silent live rooms failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
