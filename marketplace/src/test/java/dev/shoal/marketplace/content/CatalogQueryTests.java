package dev.shoal.marketplace.content;

import dev.shoal.contracts.directory.CatalogPage;
import dev.shoal.contracts.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogQueryTests {

    @Test
    void defaultsAndWordsSafeForATsquery() {
        CatalogQuery all = CatalogQuery.of(null, null, null, null, null);
        assertThat(all.sort()).isEqualTo(CatalogPage.Sort.NEWEST);
        assertThat(all.size()).isEqualTo(CatalogPage.DEFAULT_SIZE);
        assertThat(all.page()).isZero();
        assertThat(all.tsquery()).isEmpty();
        assertThat(CatalogQuery.of("  Harbour's  ÉTÉ & | !x:* ", "", "title", "2", "10").tsquery())
                .isEqualTo("harbour:* & s:* & été:* & x:*");
        assertThat(CatalogQuery.of("!!!", "", "", "", "").tsquery()).as("no words: everything").isEmpty();
    }

    @Test
    void notOfAnOwnerKeepsTheSearchAndNamesTheOwner() {
        CatalogQuery q = CatalogQuery.of("harbour", "creator demo", "title", "1", "12");
        assertThat(q.notOwner()).as("the public catalog leaves nobody out").isEmpty();
        CatalogQuery mine = q.notOf("advertiser");
        assertThat(mine.notOwner()).isEqualTo("advertiser");
        assertThat(mine).usingRecursiveComparison().ignoringFields("notOwner").isEqualTo(q);
        assertThat(q.notOf(null).notOwner()).isEmpty();
    }

    @Test
    void badParametersNameTheirField() {
        assertField(() -> CatalogQuery.of("", "", "oldest", "", ""), "sort");
        assertField(() -> CatalogQuery.of("", "", "", "-1", ""), "page");
        assertField(() -> CatalogQuery.of("", "", "", "1e3", ""), "page");
        assertField(() -> CatalogQuery.of("", "", "", "10001", ""), "page");
        assertField(() -> CatalogQuery.of("", "", "", "", "101"), "size");
        assertField(() -> CatalogQuery.of("", "x".repeat(201), "", "", ""), "creator");
    }

    private static void assertField(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).extensions()).containsEntry("field", field));
    }
}
