package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.market.AgentEarnings;
import dev.shoal.marketplace.agent.Agent;
import dev.shoal.marketplace.agent.AgentService;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.settlement.EscrowSlotRepository.AgentDeal;
import dev.shoal.service.reactive.CallerContext;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * An agent's earnings as its operator sees them: its deals from the market's tables and, for each deal holding
 * an escrow slot, the tenure the escrow records for it (read from the chain, which is what pays), plus the
 * agent's withdrawable balance. The escrow is the authority; the marketplace's tables only say where to look.
 * The chain answers on worker threads; the figures come back on the caller's Vert.x context, so a caller (the
 * distributor page asks for every agent of an operator in turn) may go on using reactive sessions.
 */
@ApplicationScoped
public class AgentEarningsService {

    private static final Logger LOG = Logger.getLogger(AgentEarningsService.class);

    /** The operator's agent and its deals, newest first. */
    record AgentDeals(Agent agent, List<AgentDeal> deals) {
    }

    private final AgentService agents;
    private final EscrowSlotRepository slots;
    private final EscrowGateway escrow;

    public AgentEarningsService(AgentService agents, EscrowSlotRepository slots, EscrowGateway escrow) {
        this.agents = agents;
        this.slots = slots;
        this.escrow = escrow;
    }

    public Uni<AgentEarnings> earnings(String operator, String agent) {
        Executor here = CallerContext.executor();
        return dealsOf(operator, agent)
                .chain(found -> onChain(found.agent().address, found.deals())
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf("reading %s's escrow figures failed: %s", found.agent().address, e.getMessage());
                            return withoutChain(found.agent().address, found.deals(), "the chain could not be read: " + e.getMessage());
                        }))
                .emitOn(here);
    }

    /** The operator's agent (404 for another's) and its deals. */
    @WithSession
    Uni<AgentDeals> dealsOf(String operator, String agent) {
        return agents.owned(operator, agent).chain(a -> slots.dealsOfAgent(a.address, AgentEarnings.MAX_DEALS).map(deals -> new AgentDeals(a, deals)));
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
        if (d.slot() == null || d.escrowStatus() != OrderEscrow.Status.FUNDED) {
            return Uni.createFrom().item(Optional.empty());
        }
        return escrow.tenures(d.orderId(), d.slot()).map(all -> all.stream()
                .filter(t -> t.agent().equalsIgnoreCase(agent) && t.fromEpoch() == d.fromEpoch()).findFirst());
    }

    private static AgentEarnings.DealEarnings view(AgentDeal d, Optional<EscrowGateway.TenureOnChain> tenure) {
        EscrowGateway.TenureOnChain t = tenure.orElse(null);
        return new AgentEarnings.DealEarnings(d.dealId().toString(), d.orderId().toString(), d.contentId(), d.title(), d.state().name(),
                d.escrowStatus() == null ? null : d.escrowStatus().name(), d.slot(), t == null ? d.fromEpoch() : Integer.valueOf(t.fromEpoch()), t == null ? null : t.toEpoch(),
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
