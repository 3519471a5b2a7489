package dev.shoal.marketplace.locator;

import dev.shoal.marketplace.agent.Agent;
import dev.shoal.marketplace.audit.AuditService;
import dev.shoal.marketplace.content.ContentRepository;
import dev.shoal.marketplace.content.ContentService;
import dev.shoal.marketplace.deal.DealState;
import dev.shoal.marketplace.mirror.MirrorRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** What {@link Holders} loads from the database when it has nothing fresh: the content (404 when unknown), its holders and its mirrors. */
@ApplicationScoped
public class HolderQuery {

    private final ContentRepository contents;
    private final ContentService contentService;
    private final MirrorRepository mirrors;

    public HolderQuery(ContentRepository contents, ContentService contentService, MirrorRepository mirrors) {
        this.contents = contents;
        this.contentService = contentService;
        this.mirrors = mirrors;
    }

    /** The agents of the content's ACTIVE, unsuspended deals (fresh or not: the locator filters by heartbeat), and its origins. */
    @WithSession
    public Uni<Holders.Known> load(String contentId) {
        return contentService.published(contentId).chain(content -> contents.getSession().chain(s -> s.createQuery(
                                "select distinct a from Deal d, StorageOrder o, Agent a"
                                + " where d.orderId = o.id and o.contentId = :content and d.agent = a.address"
                                + " and d.state = :active and d.strikes < :suspended", Agent.class)
                        .setParameter("content", contentId).setParameter("active", DealState.ACTIVE)
                        .setParameter("suspended", AuditService.SUSPEND_AT)
                        .getResultList())
                .chain(agents -> mirrors.of(contentId).map(registered -> new Holders.Known(agents.stream().map(Holders.Holder::of).toList(),
                        contentService.origins(content), registered.stream().map(m -> m.url).toList()))));
    }
}
