package dev.shoal.marketplace.settlement;

import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.chain.EscrowGateway.TenureRef;
import dev.shoal.service.reactive.OwnContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.shoal.marketplace.settlement.EscrowFunding.WAIT;

/**
 * Agents are paid as they go: once every {@code shoal.settlement.claim-every} (a week by default) the job claims every
 * tenure of the running orders that earned something since its last claim, 100 tenures per {@code claimMany}, under
 * keys {@code claims:<period>:<n>} (so instances of the marketplace claim a period once). Settlement is daily, so an
 * agent that does not want to wait a week claims its own tenures on any day (anyone may call {@code claim}).
 */
@ApplicationScoped
public class RunningPayouts {

    private static final Logger LOG = Logger.getLogger(RunningPayouts.class);
    static final int TENURES_PER_TRANSACTION = 100;

    private final OrderEscrowRepository escrows;
    private final EscrowGateway escrow;
    private final MarketplaceConfig config;
    private final OwnContext own;

    public RunningPayouts(OrderEscrowRepository escrows, EscrowGateway escrow, MarketplaceConfig config, OwnContext own) {
        this.escrows = escrows;
        this.escrow = escrow;
        this.config = config;
        this.own = own;
    }

    /** Claims what running orders' agents earned, once per claim period (as of {@code now}). Blocking. */
    public void claimEarned(Instant now) {
        Duration every = config.settlement().claimEvery();
        if (every.isZero() || every.isNegative()) {
            return;
        }
        long period = now.toEpochMilli() / every.toMillis();
        List<TenureRef> due = new ArrayList<>();
        for (OrderEscrow order : own.await(escrows::running)) {
            for (int slot = 0; slot < order.replicas; slot++) {
                for (EscrowGateway.TenureOnChain tenure : escrow.tenures(order.orderId, slot).await().atMost(WAIT)) {
                    if (tenure.claimable().signum() > 0) {
                        due.add(new TenureRef(order.orderId, slot, tenure.index()));
                    }
                }
            }
        }
        for (int start = 0, n = 0; start < due.size(); start += TENURES_PER_TRANSACTION, n++) {
            List<TenureRef> chunk = due.subList(start, Math.min(due.size(), start + TENURES_PER_TRANSACTION));
            try {
                escrow.claimMany(chunk, "claims:" + period + ":" + n).await().atMost(WAIT);
            } catch (ChainTransactionException e) {
                if (e.errorName().isEmpty()) {
                    throw e; // the node: next tick, same keys
                }
                LOG.warnf("claiming %d tenures reverted: %s", chunk.size(), e.getMessage());
            }
        }
        if (!due.isEmpty()) {
            LOG.infof("claimed the earnings of %d tenures for period %d", due.size(), period);
        }
    }
}
