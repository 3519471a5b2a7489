package dev.shoal.marketplace.work;

import dev.shoal.marketplace.mirror.MirrorRepository;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.market.AgentWork;
import dev.shoal.contracts.market.AuditChallenge;
import dev.shoal.contracts.market.DealOffer;
import dev.shoal.contracts.market.DealReport;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.agent.AgentService;
import dev.shoal.marketplace.audit.Audit;
import dev.shoal.marketplace.audit.AuditRepository;
import dev.shoal.marketplace.audit.AuditService;
import dev.shoal.marketplace.content.Content;
import dev.shoal.marketplace.content.ContentRepository;
import dev.shoal.marketplace.content.ContentService;
import dev.shoal.marketplace.deal.Deal;
import dev.shoal.marketplace.deal.DealRepository;
import dev.shoal.marketplace.deal.DealService;
import dev.shoal.marketplace.deal.DealState;
import dev.shoal.marketplace.order.OrderRepository;
import dev.shoal.marketplace.order.StorageOrder;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** What an agent polls for (deals offered, audits due) and how its deal reports move deals on. */
@ApplicationScoped
public class AgentWorkService {

    private final AgentService agents;
    private final DealRepository deals;
    private final DealService dealService;
    private final OrderRepository orders;
    private final ContentRepository contents;
    private final ContentService contentService;
    private final AuditRepository audits;
    private final AuditService auditService;
    private final MarketplaceConfig config;
    private final MirrorRepository mirrors;

    public AgentWorkService(AgentService agents, DealRepository deals, DealService dealService,
                            OrderRepository orders, ContentRepository contents, ContentService contentService,
                            AuditRepository audits, AuditService auditService, MarketplaceConfig config,
                            MirrorRepository mirrors) {
        this.agents = agents;
        this.deals = deals;
        this.dealService = dealService;
        this.orders = orders;
        this.contents = contents;
        this.contentService = contentService;
        this.audits = audits;
        this.auditService = auditService;
        this.config = config;
        this.mirrors = mirrors;
    }

    @WithSession
    public Uni<AgentWork> work(String operator, String agent) {
        return agents.owned(operator, agent).chain(a -> deals.liveOfAgent(a.address)).chain(live -> {
            List<Deal> proposed = live.stream().filter(d -> d.state == DealState.PROPOSED).toList();
            Uni<List<DealOffer>> offers = Multi.createFrom().iterable(proposed)
                    .onItem().transformToUniAndConcatenate(this::offer).collect().asList();
            Uni<List<AuditChallenge>> due = audits.pendingOfDeals(live.stream().map(d -> d.id).toList())
                    .chain(pending -> Multi.createFrom().iterable(pending)
                            .onItem().transformToUniAndConcatenate(audit -> challengeOf(audit, live))
                            .collect().asList());
            // one session runs one query at a time: offers first, then audits
            return offers.chain(o -> due.map(d -> new AgentWork(o, d)));
        });
    }

    private Uni<AuditChallenge> challengeOf(Audit audit, List<Deal> live) {
        Deal deal = live.stream().filter(d -> d.id.equals(audit.dealId)).findFirst().orElseThrow();
        return orders.findById(deal.orderId).map(order -> auditService.wire(audit, deal, order.contentId));
    }

    private Uni<DealOffer> offer(Deal deal) {
        return orders.findById(deal.orderId).chain(order -> contents.findById(order.contentId).chain(content ->
                sources(content, deal.agent).map(sources -> new DealOffer(deal.id.toString(), content.contentId, content.manifest,
                        sources, pinUntil(order)))));
    }

    /** Where a new replica copies from: agents already holding the content (ACTIVE), its mirrors (URL templates), then the creator's origins. */
    private Uni<List<String>> sources(Content content, String except) {
        return deals.getSession().chain(s -> s.createQuery("select a.endpoint from Deal d, StorageOrder o, Agent a"
                        + " where d.orderId = o.id and o.contentId = :content and d.agent = a.address and d.state = :active and a.address <> :except",
                        String.class)
                .setParameter("content", content.contentId).setParameter("active", DealState.ACTIVE).setParameter("except", except)
                .getResultList())
                .chain(endpoints -> mirrors.of(content.contentId).map(registered -> {
                    Set<String> all = new LinkedHashSet<>(endpoints);
                    registered.forEach(m -> all.add(m.url));
                    all.addAll(contentService.origins(content));
                    return new ArrayList<>(all);
                }));
    }

    private long pinUntil(StorageOrder order) {
        return order.createdAt.plus(config.market().epoch().multipliedBy(order.epochs + 1L)).toInstant().toEpochMilli();
    }

    /**
     * TRANSFERRING and FAILED move the deal; ACTIVE is the agent's claim that it holds everything, which
     * the marketplace checks with a FIRST audit before the deal becomes ACTIVE.
     */
    @WithTransaction
    public Uni<Deal> report(String operator, String agent, UUID dealId, DealReport report) {
        String signer;
        try {
            signer = report.verify().toString();
        } catch (ContentException e) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.SIGNATURE_INVALID, e.getMessage(), Map.of("code", e.code())));
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, "unreadable deal report: " + e.getMessage()));
        }
        if (!signer.equalsIgnoreCase(agent) || !dealId.toString().equals(report.dealId())) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST,
                    "the report is signed by " + signer + " for deal " + report.dealId() + ", not by " + agent + " for " + dealId));
        }
        return agents.owned(operator, agent).chain(a -> deals.findById(dealId)).chain(deal -> {
            if (deal == null || !deal.agent.equalsIgnoreCase(agent)) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "no deal " + dealId + " on agent " + agent));
            }
            return switch (report.state()) {
                case DealReport.TRANSFERRING -> dealService.move(deal, DealState.TRANSFERRING, "agent started the transfer");
                case DealReport.FAILED -> dealService.move(deal, DealState.FAILED, "agent gave up: " + report.detail());
                case DealReport.ACTIVE -> claimComplete(deal);
                default -> Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST,
                        "state must be TRANSFERRING, ACTIVE or FAILED, not " + report.state()));
            };
        });
    }

    private Uni<Deal> claimComplete(Deal deal) {
        Uni<Deal> transferring = deal.state == DealState.PROPOSED
                ? dealService.move(deal, DealState.TRANSFERRING, "agent reports the transfer complete")
                : Uni.createFrom().item(deal);
        return transferring.chain(d -> {
            if (d.state != DealState.TRANSFERRING) {
                return Uni.createFrom().item(d); // already ACTIVE (a repeated report) or ended
            }
            return audits.pendingOfDeals(List.of(d.id)).chain(pending -> pending.stream().anyMatch(a -> a.kind == Audit.Kind.FIRST)
                    ? Uni.createFrom().item(d)
                    : auditService.challenge(d, Audit.Kind.FIRST, AuditService.FIRST_AUDIT_SAMPLES).replaceWith(d));
        });
    }
}
