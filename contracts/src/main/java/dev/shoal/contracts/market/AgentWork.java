package dev.shoal.contracts.market;

import java.util.List;

/** What the marketplace has for one agent when it polls: deals to take on and audits to answer. */
public record AgentWork(List<DealOffer> deals, List<AuditChallenge> audits) {

    public AgentWork {
        deals = deals == null ? List.of() : List.copyOf(deals);
        audits = audits == null ? List.of() : List.copyOf(audits);
    }
}
