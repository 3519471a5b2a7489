package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.market.AgentEarnings;
import dev.shoal.marketplace.agent.AgentService;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.settlement.EscrowLedger.AgentDeal;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An agent's earnings as its operator sees them: its deals from the market's tables and, for each deal holding
 * an escrow slot, the tenure the escrow records for it (read from the chain, which is what pays), plus the
 * agent's withdrawable balance. The escrow is the authority; the marketplace's tables only say where to look.
 */
@ApplicationScoped
public class AgentEarningsService {

    private static final Logger LOG = Logger.getLogger(AgentEarningsService.class);

    private final AgentService agents;
    private final EscrowLedger ledger;
    private final EscrowGateway escrow;

    public AgentEarningsService(AgentService agents, EscrowLedger ledger, EscrowGateway escrow) {
        this.agents = agents;
        this.ledger = ledger;
        this.escrow = escrow;
    }

    public Uni<AgentEarnings> earnings(String operator, String agent) {
        return Panache.withSession(() -> agents.owned(operator, agent))
                .chain(a -> ledger.dealsOfAgent(a.address, AgentEarnings.MAX_DEALS)
                        .chain(deals -> onChain(a.address, deals)
                                .onFailure().recoverWithItem(e -> {
                                    LOG.warnf("reading %s's escrow figures failed: %s", a.address, e.getMessage());
                                    return withoutChain(a.address, deals, "the chain could not be read: " + e.getMessage());
                                })));
    }

    private Uni<AgentEarnings> onChain(String agent, List<AgentDeal> deals) {
        Uni<List<AgentEarnings.DealEarnings>> perDeal = Multi.createFrom().iterable(deals)
                .onItem().transformToUniAndConcatenate(d -> tenureOf(agent, d).map(t -> view(d, t)))
                .collect().asList();
        return escrow.tokenInfo().chain(token -> escrow.escrowBalance(agent).chain(balance -> perDeal.map(views -> {
            BigInteger claimable = BigInteger.ZERO;
            for (AgentEarnings.DealEarnings v : views) {
                if (v.claimable() != null) {
                    claimable = claimable.add(new BigInteger(v.claimable()));
                }
            }
            return new AgentEarnings(agent, token.symbol(), token.decimals(), balance.toString(), claimable.toString(), null, views);
        })));
    }

    /** The escrow's tenure for this deal: this agent's tenure of the deal's slot that starts where the deal's does. */
    private Uni<Optional<EscrowGateway.TenureOnChain>> tenureOf(String agent, AgentDeal d) {
        if (d.slot() == null || !"FUNDED".equals(d.escrowStatus())) {
            return Uni.createFrom().item(Optional.empty());
        }
        return escrow.tenures(d.orderId(), d.slot()).map(all -> all.stream()
                .filter(t -> t.agent().equalsIgnoreCase(agent) && t.fromEpoch() == d.fromEpoch()).findFirst());
    }

    private static AgentEarnings.DealEarnings view(AgentDeal d, Optional<EscrowGateway.TenureOnChain> tenure) {
        EscrowGateway.TenureOnChain t = tenure.orElse(null);
        return new AgentEarnings.DealEarnings(d.dealId().toString(), d.orderId().toString(), d.contentId(), d.title(), d.state(),
                d.escrowStatus(), d.slot(), t == null ? d.fromEpoch() : Integer.valueOf(t.fromEpoch()), t == null ? null : t.toEpoch(),
                d.settledEpochs(), d.epochs(), t == null ? null : t.claimedTo(),
                d.pricePerReplicaEpoch() == null ? null : d.pricePerReplicaEpoch().toString(),
                t == null ? null : t.claimable().toString());
    }

    private static AgentEarnings withoutChain(String agent, List<AgentDeal> deals, String why) {
        List<AgentEarnings.DealEarnings> views = new ArrayList<>();
        for (AgentDeal d : deals) {
            views.add(view(d, Optional.empty()));
        }
        return new AgentEarnings(agent, null, null, null, null, why, views);
    }
}
