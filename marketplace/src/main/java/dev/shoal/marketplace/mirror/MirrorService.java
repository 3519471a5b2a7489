package dev.shoal.marketplace.mirror;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.content.Content;
import dev.shoal.marketplace.content.ContentService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Registers and removes mirrors once {@link MirrorChecks} passed: only the content's creator may (for a fork, the
 * advertiser who signed it: a fork's content names it as its creator), and a signed
 * statement is taken once. The statement and the mirror are written in one transaction; a refusal writes nothing.
 */
@ApplicationScoped
public class MirrorService {

    private final ContentService contents;
    private final MirrorRepository mirrors;
    private final MirrorStatementRepository statements;
    private final Event<MirrorsChanged> changed;
    private final Clock clock;

    public MirrorService(ContentService contents, MirrorRepository mirrors, MirrorStatementRepository statements,
                         Event<MirrorsChanged> changed, Clock clock) {
        this.contents = contents;
        this.mirrors = mirrors;
        this.statements = statements;
        this.changed = changed;
        this.clock = clock;
    }

    /** Adds the mirror (registering one already there keeps it as it was, and still takes the statement). */
    @WithTransaction
    public Uni<Mirror> add(MirrorChecks.Checked c) {
        return take(c).chain(content -> mirrors.find(c.contentId(), c.template().template())).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existing);
            }
            Mirror m = new Mirror();
            m.contentId = c.contentId();
            m.url = c.template().template();
            m.registrant = c.registrant().toString();
            m.registeredAt = OffsetDateTime.now(clock);
            return mirrors.persist(m);
        }).invoke(m -> changed.fire(new MirrorsChanged(c.contentId())));
    }

    /** Removes the mirror; 404 when the content has no such mirror. */
    @WithTransaction
    public Uni<Void> remove(MirrorChecks.Checked c) {
        return take(c).chain(content -> mirrors.find(c.contentId(), c.template().template())).chain(existing -> {
            if (existing == null) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "content " + c.contentId()
                        + " has no mirror " + c.template()));
            }
            return mirrors.delete(existing);
        }).invoke(v -> changed.fire(new MirrorsChanged(c.contentId())));
    }

    /** A published content's mirrors (404 for an unknown content). */
    @WithSession
    public Uni<List<Mirror>> of(String contentId) {
        return contents.published(contentId).chain(c -> mirrors.of(contentId));
    }

    /** The content's mirror templates, for the locator and deal offers (no check that the content exists). */
    @WithSession
    public Uni<List<String>> urls(String contentId) {
        return mirrors.of(contentId).map(list -> list.stream().map(m -> m.url).toList());
    }

    /** The content exists, the registrant is its creator, the statement is new: then it is recorded. */
    private Uni<Content> take(MirrorChecks.Checked c) {
        return contents.published(c.contentId()).chain(content -> {
            if (!content.creator.equalsIgnoreCase(c.registrant().toString())) {
                String signer = content.forkOf == null ? "its creator " : "its advertiser (a fork's mirrors are the advertiser's, not the original's creator's) ";
                return Uni.createFrom().failure(new ProblemException(ProblemType.MIRROR_NOT_YOURS, "content " + c.contentId()
                        + " was signed by " + signer + content.creator + "; a mirror registration signed by " + c.registrant() + " is not theirs"));
            }
            String digest = c.digest().hex();
            return statements.findById(digest).chain(seen -> {
                if (seen != null) {
                    return Uni.createFrom().failure(new ProblemException(ProblemType.REPLAYED,
                            "this signed mirror " + c.registration().action() + " was taken already: sign a fresh one"));
                }
                MirrorStatement s = new MirrorStatement();
                s.digest = digest;
                s.contentId = c.contentId();
                s.action = c.registration().action();
                s.url = c.template().template();
                s.issuedAt = OffsetDateTime.ofInstant(Instant.ofEpochMilli(c.registration().issuedAtMillis()), ZoneOffset.UTC);
                s.takenAt = OffsetDateTime.now(clock);
                return statements.persist(s).replaceWith(content);
            });
        });
    }
}
