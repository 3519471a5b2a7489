package dev.shoal.marketplace.content;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/** Posters: the creator sets one (checked before anything is written), anyone reads it, or a placeholder. */
@ApplicationScoped
public class Posters {

    /** What a poster request answers: the image's bytes, its type and an ETag. */
    public record Image(String mediaType, byte[] bytes, String etag, boolean placeholder) {
    }

    private final ContentRepository contents;
    private final PosterRepository posters;
    private final Template placeholderTemplate;

    public Posters(ContentRepository contents, PosterRepository posters,
                   @Location("content/placeholder.svg") Template placeholderTemplate) {
        this.contents = contents;
        this.posters = posters;
        this.placeholderTemplate = placeholderTemplate;
    }

    /**
     * Sets the content's poster, replacing any earlier one. 404 for no such content; 403 for a content another account
     * registered (a poster is public, so the content's existence is no secret here).
     */
    @WithTransaction
    public Uni<Poster> put(String owner, String contentId, PosterImage image, byte[] bytes) {
        return contents.findById(contentId).chain(content -> {
            if (content == null) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "no content " + contentId));
            }
            if (!content.owner.equals(owner)) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.FORBIDDEN,
                        "content " + contentId + " was registered by another account: only its creator sets its poster"));
            }
            return posters.findById(contentId).chain(existing -> {
                Poster poster = existing == null ? new Poster() : existing;
                poster.contentId = contentId;
                poster.mediaType = image.mediaType();
                poster.width = image.width();
                poster.height = image.height();
                poster.bytes = bytes;
                poster.sha256 = Sha256.of(bytes).hex();
                poster.updatedAt = OffsetDateTime.now();
                return existing == null ? posters.persist(poster) : Uni.createFrom().item(poster);
            });
        });
    }

    /** The content's poster, or its placeholder; 404 for no such content. */
    @WithSession
    public Uni<Image> of(String contentId) {
        return contents.findById(contentId).chain(content -> {
            if (content == null) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "no content " + contentId));
            }
            return posters.findById(contentId).map(p -> p != null ? new Image(p.mediaType, p.bytes, "\"" + p.sha256 + "\"", false)
                    : placeholder(contentId, content.title));
        });
    }

    /** The title's first letter on a colour drawn from the content id: the same content always looks the same. */
    Image placeholder(String contentId, String title) {
        return placeholder(placeholderTemplate, contentId, title);
    }

    /** As {@link #placeholder(String, String)}, from the given template (a test renders it without the container). */
    static Image placeholder(Template template, String contentId, String title) {
        int hue = Integer.parseInt(contentId.substring(0, 4), 16) % 360;
        String initial = title.codePoints().filter(Character::isLetterOrDigit).limit(1)
                .mapToObj(cp -> new String(Character.toChars(Character.toUpperCase(cp)))).findFirst().orElse("?");
        byte[] bytes = template.data("hue", hue).data("initial", initial).render().strip().getBytes(StandardCharsets.UTF_8);
        return new Image("image/svg+xml", bytes, "\"p-" + Sha256.of(bytes).hex().substring(0, 32) + "\"", true);
    }
}
