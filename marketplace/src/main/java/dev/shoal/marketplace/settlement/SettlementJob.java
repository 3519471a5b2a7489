package dev.shoal.marketplace.settlement;

import dev.shoal.service.scheduling.FailureLog;
import dev.shoal.service.scheduling.JobLease;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * Money follows the market. Every {@code shoal.settlement.every}, on one worker thread at a time: batches planned
 * but not confirmed are sent again ({@link EpochSettlement}); placed orders are funded with the demo key where that is
 * the setting ({@link EscrowFunding}); repair deals take over their slots ({@link RepairHandover}); cancelled orders'
 * escrows are cancelled and orders settled to their end paid out ({@link OrderEnd}) before the epochs decided since the
 * last tick are settled, so an order is paid out on the tick after its last batch is confirmed. Only on the instance
 * holding the jobs' {@link JobLease}.
 */
@ApplicationScoped
public class SettlementJob {

    private static final Logger LOG = Logger.getLogger(SettlementJob.class);

    private final EpochSettlement settlement;
    private final EscrowFunding funding;
    private final RepairHandover repairs;
    private final OrderEnd ends;
    private final RunningPayouts payouts;
    private final Clock clock;
    private final JobLease lease;
    private final FailureLog failures = new FailureLog(LOG, "settlement round");

    public SettlementJob(EpochSettlement settlement, EscrowFunding funding, RepairHandover repairs, OrderEnd ends,
                         RunningPayouts payouts, Clock clock, JobLease lease) {
        this.lease = lease;
        this.payouts = payouts;
        this.settlement = settlement;
        this.funding = funding;
        this.repairs = repairs;
        this.ends = ends;
        this.clock = clock;
    }

    @Scheduled(every = "${shoal.settlement.every}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        if (!lease.heldNow()) {
            return; // another instance holds the jobs' lease (docs/operations.md)
        }
        failures.run(() -> runOnce(clock.instant()));
    }

    /** One tick as of {@code now} (blocking: call from a worker thread). Serialized: one tick at a time. */
    public synchronized void runOnce(Instant now) {
        settlement.resendPlanned();
        funding.fundPlacedOrders(now);
        repairs.handOverRepairedSlots();
        ends.cancelOnChain();
        ends.payOutEndedOrders();
        settlement.settleEndedEpochs(now);
        payouts.claimEarned(now);
    }
}
