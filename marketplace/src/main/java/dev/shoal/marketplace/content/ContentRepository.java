package dev.shoal.marketplace.content;

import dev.shoal.contracts.directory.CatalogItem;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class ContentRepository implements PanacheRepositoryBase<Content, String> {

    /**
     * Search in the database: the full-text index (V9) for words, the creator indexes, keyset-friendly orders. Ad forks
     * (V10) are found through their original ({@code /api/contents/{id}/forks}), not listed beside it; {@code $3} leaves
     * out one account's contents ({@link CatalogQuery#notOf}).
     */
    private static final String WHERE = " where fork_of is null and ($1 = '' or search @@ to_tsquery('simple', $1))"
            + " and ($2 = '' or lower(creator) = lower($2) or lower(creator_name) = lower($2)) and ($3 = '' or owner <> $3)";

    private final Pool pool;

    public ContentRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Content>> ofOwner(String owner) {
        return list("owner = ?1 order by registeredAt desc", owner);
    }

    /** One page of the catalog: every order ends on the content id, so pages neither skip nor repeat a content. */
    public Uni<List<CatalogItem>> search(CatalogQuery query) {
        String order = switch (query.sort()) {
            case NEWEST -> "registered_at desc, content_id";
            case TITLE -> "lower(title), content_id";
            case DURATION -> "duration_micros, content_id";
        };
        String sql = "select content_id, title, creator, coalesce(creator_name, creator) as shown, duration_micros, total_bytes,"
                + " registered_at from content" + WHERE + " order by " + order + " limit $4 offset $5";
        return pool.preparedQuery(sql).execute(Tuple.of(query.tsquery(), query.creator(), query.notOwner(), query.size(),
                (long) query.page() * query.size()))
                .map(rows -> {
                    List<CatalogItem> items = new ArrayList<>();
                    for (Row r : rows) {
                        String id = r.getString("content_id");
                        items.add(new CatalogItem(id, r.getString("title"), r.getString("shown"), r.getString("creator"),
                                r.getLong("duration_micros") / 1_000_000.0, r.getLong("total_bytes"),
                                r.getOffsetDateTime("registered_at").toInstant().toString(), CatalogItem.posterPath(id)));
                    }
                    return items;
                });
    }

    /** How many contents the query matches over all pages. */
    public Uni<Long> count(CatalogQuery query) {
        return pool.preparedQuery("select count(*) from content" + WHERE).execute(Tuple.of(query.tsquery(), query.creator(), query.notOwner()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * The end of a consented fork's term (epoch seconds), or null for a content that is no consented fork (by table
     * name: the fork package depends on this one).
     */
    public Uni<Long> consentedForkTermEnd(String contentId) {
        return pool.preparedQuery("select term_end from fork_request where fork_id = $1 and state = 'CONSENTED'").execute(Tuple.of(contentId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : null);
    }
}
