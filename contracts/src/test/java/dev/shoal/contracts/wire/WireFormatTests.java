package dev.shoal.contracts.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.contracts.directory.CatalogEntry;
import dev.shoal.contracts.directory.CatalogPage;
import dev.shoal.contracts.directory.ChainView;
import dev.shoal.contracts.directory.Location;
import dev.shoal.contracts.directory.SourceKind;
import dev.shoal.contracts.error.UnknownVersionException;
import dev.shoal.contracts.event.ChainEventObserved;
import dev.shoal.contracts.event.DealTransitioned;
import dev.shoal.contracts.event.EventEnvelope;
import dev.shoal.contracts.event.EventType;
import dev.shoal.contracts.event.Topic;
import dev.shoal.contracts.manifest.SignedManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wire formats of contracts' {@code directory} and {@code event} packages, pinned by their golden bodies. */
class WireFormatTests {

    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final java.util.List<String> EVENTS = Golden.EVENTS;

    @ParameterizedTest
    @FieldSource("EVENTS")
    void everyGoldenEventReadsAsItsTypeAndIsWrittenBackTheSame(String name) {
        EventEnvelope read = EventEnvelope.parse(Golden.text(name));
        EventType type = read.knownType().orElseThrow();
        assertThat(type.reads(read.version())).isTrue();
        Object payload = read.data(type);
        assertThat(payload).isInstanceOf(type.payload());

        EventEnvelope written = EventEnvelope.of(type, read.id(), read.key(), Instant.parse(read.occurredAt()), payload);
        assertThat(Golden.treeOf(written.toJson())).isEqualTo(Golden.tree(name));
    }

    @Test
    void theTableOfEventTypesIsStable() {
        Map<String, String> table = Arrays.stream(EventType.values()).collect(Collectors.toMap(EventType::wireName,
                t -> t.version() + " " + t.payload().getSimpleName() + " " + t.topic().topicName(), (a, b) -> a, LinkedHashMap::new));
        assertThat(table).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("AgentRegistered", "1 AgentOffered shoal.events"),
                Map.entry("AgentUpdated", "1 AgentOffered shoal.events"),
                Map.entry("ContentRegistered", "1 ContentRegistered shoal.events"),
                Map.entry("OrderPlaced", "1 OrderPlaced shoal.events"),
                Map.entry("OrderCancelled", "1 OrderEnded shoal.events"),
                Map.entry("OrderExpired", "1 OrderEnded shoal.events"),
                Map.entry("DealProposed", "1 DealTransitioned shoal.events"),
                Map.entry("DealTransferStarted", "1 DealTransitioned shoal.events"),
                Map.entry("DealActivated", "1 DealTransitioned shoal.events"),
                Map.entry("DealExpired", "1 DealTransitioned shoal.events"),
                Map.entry("DealFailed", "1 DealTransitioned shoal.events"),
                Map.entry("DealCancelled", "1 DealTransitioned shoal.events"),
                Map.entry("AuditPassed", "1 AuditDecided shoal.events"),
                Map.entry("AuditFailed", "1 AuditDecided shoal.events"),
                Map.entry("AuditMissed", "1 AuditDecided shoal.events"),
                Map.entry("ReplicaWarned", "1 ReplicaStruck shoal.events"),
                Map.entry("ReplicaSuspended", "1 ReplicaStruck shoal.events"),
                Map.entry("ReplicaLost", "1 ReplicaLost shoal.events"),
                Map.entry("ChainEventObserved", "1 ChainEventObserved shoal.events"),
                Map.entry("LiveSegmentAnnounced", "1 SignedAnnouncement shoal.live.announcements"),
                Map.entry("LiveRoomStateChanged", "1 LiveRoomStateChanged shoal.live.announcements"),
                Map.entry("LiveRelaysChosen", "1 LiveRelaysChosen shoal.live.announcements")));
        assertThat(Topic.EVENTS.topicName()).isEqualTo("shoal.events");
    }

    @Test
    void aVersionThisBuildDoesNotReadIsRefusedNotGuessed() {
        ObjectNode newer = (ObjectNode) Golden.tree(Golden.DEAL_ACTIVATED);
        newer.put("version", 2);
        EventEnvelope read = EventEnvelope.parse(newer.toString());
        assertThat(read.knownType()).contains(EventType.DEAL_ACTIVATED);
        assertThatThrownBy(() -> read.data(EventType.DEAL_ACTIVATED)).isInstanceOf(UnknownVersionException.class)
                .hasMessageContaining("DealActivated event version 2");
        assertThatThrownBy(() -> read.data(EventType.DEAL_FAILED)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTypeThisBuildDoesNotKnowIsNotOneOfItsOwn() {
        ObjectNode other = (ObjectNode) Golden.tree(Golden.DEAL_ACTIVATED);
        other.put("type", "SegmentAnnounced");
        assertThat(EventEnvelope.parse(other.toString()).knownType()).isEmpty();
        assertThatThrownBy(() -> EventEnvelope.parse("{\"type\":\"DealActivated\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventEnvelope.parse("not json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEnvelopeCarriesOnlyItsTypesPayload() {
        assertThatThrownBy(() -> EventEnvelope.of(EventType.ORDER_PLACED, UUID.randomUUID(), "k", Instant.now(),
                new DealTransitioned("d", "o", "a", null, "PROPOSED", "", null, "t")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OrderPlaced carries a OrderPlaced");
    }

    @Test
    void chainEventArgumentsReadAsTheRecordsConsumersRelyOn() {
        ChainEventObserved tip = EventEnvelope.parse(Golden.text(Golden.TIP_SPLIT)).data(EventType.CHAIN_EVENT_OBSERVED);
        assertThat(tip.is(ChainEventObserved.TIP_SPLITTER, "TipSplit")).isTrue();
        ChainEventObserved.TipSplit split = tip.args(ChainEventObserved.TipSplit.class);
        assertThat(split.amount()).isEqualTo("1000000000000000000");
        assertThat(split.servingNode()).isEqualTo("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
        assertThat(split.ref()).startsWith("0x8e3f");
        ChainEventObserved withdrawn = EventEnvelope.parse(Golden.text(Golden.WITHDRAWN)).data(EventType.CHAIN_EVENT_OBSERVED);
        assertThat(withdrawn.args(ChainEventObserved.Withdrawn.class).amount()).isEqualTo("150000000000000000");
    }

    @Test
    void directoryBodiesReadAndAreWrittenBackTheSame() throws Exception {
        for (var golden : Map.of(Golden.CATALOG_ENTRY, CatalogEntry.class, Golden.LOCATION, Location.class,
                Golden.LOCATION_BATCHED, Location.class, Golden.CHAIN_VIEW, ChainView.class, Golden.CATALOG_PAGE, CatalogPage.class).entrySet()) {
            Object read = JSON.readValue(Golden.text(golden.getKey()), golden.getValue());
            JsonNode written = Golden.treeOf(JSON.writeValueAsString(read));
            assertThat(written).as(golden.getKey()).isEqualTo(Golden.tree(golden.getKey()));
        }
    }

    @Test
    void directoryBodiesAreSignedWhereTheyClaimToBe() throws Exception {
        CatalogEntry entry = JSON.readValue(Golden.text(Golden.CATALOG_ENTRY), CatalogEntry.class).known();
        assertThat(SignedManifest.fromJson(entry.manifest()).verify().contentId().hex()).isEqualTo(entry.contentId());
        Location location = JSON.readValue(Golden.text(Golden.LOCATION), Location.class).known();
        ChainView chain = JSON.readValue(Golden.text(Golden.CHAIN_VIEW), ChainView.class).known();
        assertThat(location.ticket().verify().toString()).isEqualTo(chain.locator());
        Location batched = JSON.readValue(Golden.text(Golden.LOCATION_BATCHED), Location.class).known();
        assertThat(batched.ticket().version()).isEqualTo(2);
        assertThat(batched.ticket().batch()).hasSize(2);
        assertThat(batched.ticket().verify().toString()).as("signed in a batch: the path leads to the signed root")
                .isEqualTo(batched.ticket().locator());
        assertThat(location.sources()).extracting(s -> s.kind()).containsExactly(SourceKind.AGENT, SourceKind.ORIGIN);
    }

    @Test
    void directoryReadersRefuseAVersionTheyDoNotKnowAndIgnoreAddedFields() throws Exception {
        ObjectNode body = (ObjectNode) Golden.tree(Golden.CHAIN_VIEW);
        body.put("addedInAMinorChange", true);
        assertThat(JSON.treeToValue(body, ChainView.class).known().chainId()).isEqualTo(31337);
        body.put("version", 2);
        assertThatThrownBy(() -> JSON.treeToValue(body, ChainView.class).known()).isInstanceOf(UnknownVersionException.class)
                .hasMessageContaining("chain view version 2");
        JsonNode noVersion = Golden.tree(Golden.LOCATION);
        ((ObjectNode) noVersion).remove("version");
        assertThatThrownBy(() -> JSON.treeToValue(noVersion, Location.class).known()).isInstanceOf(UnknownVersionException.class);
    }

    @Test
    void aCatalogEntryFromBeforeNamesStillReadsAndShowsTheAddress() throws Exception {
        ObjectNode body = (ObjectNode) Golden.tree(Golden.CATALOG_ENTRY);
        body.remove(java.util.List.of("creatorName", "durationSeconds", "poster"));
        CatalogEntry old = JSON.treeToValue(body, CatalogEntry.class).known();
        assertThat(old.creatorShown()).isEqualTo(old.creator());
        CatalogEntry now = JSON.readValue(Golden.text(Golden.CATALOG_ENTRY), CatalogEntry.class).known();
        assertThat(now.creatorShown()).isEqualTo("Ada Creator");
    }

    @Test
    void catalogPagesCountTheirPagesAndSortsHaveStableWireNames() throws Exception {
        CatalogPage page = JSON.readValue(Golden.text(Golden.CATALOG_PAGE), CatalogPage.class).known();
        assertThat(page.pages()).isEqualTo(2);
        assertThat(page.items()).extracting(i -> i.poster()).allMatch(p -> p.matches("/api/catalog/[0-9a-f]{64}/poster"));
        assertThat(Arrays.stream(CatalogPage.Sort.values()).map(CatalogPage.Sort::wireName)).containsExactly("newest", "title", "duration");
        assertThat(CatalogPage.Sort.named("oldest")).isEmpty();
    }

    @Test
    void sourceKindsHaveStableWireNames() {
        assertThat(Arrays.stream(SourceKind.values()).map(SourceKind::wireName)).containsExactly("agent", "origin", "mirror");
        assertThatThrownBy(() -> SourceKind.of("peer")).isInstanceOf(IllegalArgumentException.class);
    }
}
