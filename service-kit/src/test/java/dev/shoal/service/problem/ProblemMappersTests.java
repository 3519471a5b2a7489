package dev.shoal.service.problem;

import dev.shoal.contracts.problem.Problem;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemMappersTests {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void aUniqueConstraintThatRefusedTheLaterOfTwoConcurrentWritesIsAConflictNotAnIncident() {
        Exception lostTheRace = new CompletionException(new IllegalStateException(
                "ERROR: duplicate key value violates unique constraint \"content_mirror_content_id_url_key\" (23505)"));
        var answer = mappers.unexpected(lostTheRace, null);
        assertThat(answer.getStatus()).isEqualTo(409);
        assertThat(((Problem) answer.getEntity()).type()).endsWith("/conflict");
    }

    @Test
    void anyOtherUnexpectedFailureIsStillAnIncident() {
        var answer = mappers.unexpected(new IllegalStateException("boom"), null);
        assertThat(answer.getStatus()).isEqualTo(500);
    }

    @Test
    void aProblemThatSaysWhenToAskAgainSendsRetryAfterToo() {
        var answer = mappers.domain(new ProblemException(ProblemType.SEGMENT_NOT_RELAYED_YET, "not yet",
                Map.of(ProblemException.RETRY_AFTER_SECONDS, 1)), null);
        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(mappers.domain(new ProblemException(ProblemType.CONFLICT, "no"), null).getHeaderString("Retry-After")).isNull();
    }
}
