package dev.shoal.gateway.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.contracts.directory.CatalogEntry;
import dev.shoal.contracts.directory.Location;
import dev.shoal.contracts.directory.SourceKind;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.wire.Golden;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The consumer's half of the catalog's and the locator's contract. */
class CatalogTests {

    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Test
    void theGoldenCatalogEntryVerifiesAsAPublishedContent() throws Exception {
        CatalogEntry entry = JSON.readValue(Golden.text(Golden.CATALOG_ENTRY), CatalogEntry.class);
        Catalog.Published p = Catalog.verify(entry.contentId(), entry.known());
        assertThat(p.title()).isEqualTo("Golden sample");
        assertThat(p.creator()).isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assertThat(p.origins()).containsExactly("http://127.0.0.1:8700");
        assertThat(p.manifest().renditions()).hasSize(1);
    }

    @Test
    void aManifestThatIsNotTheAskedContentsIsRejected() throws Exception {
        ObjectNode other = (ObjectNode) Golden.tree(Golden.CATALOG_ENTRY);
        CatalogEntry entry = JSON.treeToValue(other, CatalogEntry.class);
        assertThatThrownBy(() -> Catalog.verify("0".repeat(64), entry)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).type()).isEqualTo(ProblemType.MANIFEST_REJECTED));
    }

    @Test
    void theGoldenLocationReadsAsAgentsThenOrigins() throws Exception {
        Location location = JSON.readValue(Golden.text(Golden.LOCATION), Location.class).known();
        assertThat(location.sources()).extracting(s -> s.kind()).containsExactly(SourceKind.AGENT, SourceKind.ORIGIN);
        assertThat(location.ticket().contentId()).isEqualTo(location.contentId());
    }
}
