package dev.shoal.marketplace.mirror;

import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.mirror.MirrorRegistration;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.content.Content;
import dev.shoal.marketplace.content.ContentService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Event;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;

import static dev.shoal.marketplace.mirror.MirrorChecksTests.CONTENT;
import static dev.shoal.marketplace.mirror.MirrorChecksTests.FRESH;
import static dev.shoal.marketplace.mirror.MirrorChecksTests.NOW;
import static dev.shoal.marketplace.mirror.MirrorChecksTests.refused;
import static dev.shoal.marketplace.mirror.MirrorChecksTests.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class MirrorServiceTests {

    private final ContentService contents = mock(ContentService.class);
    private final MirrorRepository mirrors = mock(MirrorRepository.class);
    private final MirrorStatementRepository statements = mock(MirrorStatementRepository.class);
    @SuppressWarnings("unchecked")
    private final Event<MirrorsChanged> changed = mock(Event.class);
    private MirrorService service;

    @BeforeEach
    void service() {
        Content content = new Content();
        content.contentId = CONTENT.hex();
        content.creator = DemoKeys.creator().address().toString();
        when(contents.published(CONTENT.hex())).thenReturn(Uni.createFrom().item(content));
        when(statements.findById(anyString())).thenReturn(Uni.createFrom().nullItem());
        when(statements.persist(any(MirrorStatement.class))).thenAnswer(i -> Uni.createFrom().item((Object) i.getArgument(0)));
        when(mirrors.find(anyString(), anyString())).thenReturn(Uni.createFrom().nullItem());
        when(mirrors.persist(any(Mirror.class))).thenAnswer(i -> Uni.createFrom().item((Object) i.getArgument(0)));
        service = new MirrorService(contents, mirrors, statements, changed, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private MirrorChecks.Checked checked(SigningKey key, String action) {
        return MirrorChecks.check(CONTENT.hex(), action, signed(key, action, "https://cdn.example/v/segments/{sha256}.{ext}", NOW), NOW, FRESH);
    }

    @Test
    void theCreatorRegistersAMirrorAndTheLocatorHearsOfIt() {
        Mirror m = service.add(checked(DemoKeys.creator(), MirrorRegistration.ADD)).await().indefinitely();
        assertThat(m.url).isEqualTo("https://cdn.example/v/segments/{sha256}.{ext}");
        assertThat(m.registrant).isEqualTo(DemoKeys.creator().address().toString());
        verify(statements).persist(any(MirrorStatement.class));
        verify(changed).fire(new MirrorsChanged(CONTENT.hex()));
    }

    @Test
    void someoneElsesSignatureIsNotTheCreatorsAndNothingIsWritten() {
        SigningKey stranger = SigningKey.generate();
        refused(() -> service.add(checked(stranger, MirrorRegistration.ADD)).await().indefinitely(), ProblemType.MIRROR_NOT_YOURS);
        refused(() -> service.remove(checked(stranger, MirrorRegistration.REMOVE)).await().indefinitely(), ProblemType.MIRROR_NOT_YOURS);
        verify(statements, never()).persist(any(MirrorStatement.class));
        verify(mirrors, never()).persist(any(Mirror.class));
        verify(mirrors, never()).delete(any(Mirror.class));
    }

    @Test
    void aRegistrationTakenOnceIsAReplayTheSecondTime() {
        MirrorChecks.Checked c = checked(DemoKeys.creator(), MirrorRegistration.ADD);
        MirrorStatement seen = new MirrorStatement();
        seen.digest = c.digest().hex();
        when(statements.findById(c.digest().hex())).thenReturn(Uni.createFrom().item(seen));
        refused(() -> service.add(c).await().indefinitely(), ProblemType.REPLAYED);
        verify(mirrors, never()).persist(any(Mirror.class));
    }

    @Test
    void removingAMirrorTheContentDoesNotHaveIsNotFound() {
        refused(() -> service.remove(checked(DemoKeys.creator(), MirrorRegistration.REMOVE)).await().indefinitely(), ProblemType.NOT_FOUND);
        verify(mirrors, never()).delete(any(Mirror.class));
    }

    @Test
    void theCreatorRemovesAMirror() {
        Mirror m = new Mirror();
        m.url = "https://cdn.example/v/segments/{sha256}.{ext}";
        when(mirrors.find(CONTENT.hex(), m.url)).thenReturn(Uni.createFrom().item(m));
        when(mirrors.delete(m)).thenReturn(Uni.createFrom().voidItem());
        service.remove(checked(DemoKeys.creator(), MirrorRegistration.REMOVE)).await().indefinitely();
        verify(mirrors).delete(m);
        verify(changed).fire(new MirrorsChanged(CONTENT.hex()));
    }
}
