package dev.shoal.service.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.shoal.contracts.problem.Problem;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.service.persistence.Constraints;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;

/**
 * Turns every error a Shoal service raises into an RFC 7807 problem document with a stable type, so
 * no endpoint ever answers an error with HTML, an empty body or a stack trace. Authentication errors
 * reach these mappers because the services set {@code quarkus.http.auth.proactive=false}.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response domain(ProblemException e, UriInfo uri) {
        Response response = respond(Problem.of(e.type(), e.getMessage(), path(uri)).with(e.extensions()));
        Object retryAfter = e.extensions().get(ProblemException.RETRY_AFTER_SECONDS);
        return retryAfter == null ? response : Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, retryAfter).build();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated("a bearer token from the shoal realm is required", uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated("the bearer token was not accepted (expired, malformed, or from another issuer)", uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.FORBIDDEN, "your roles do not include one this operation requires", path(uri)));
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.MALFORMED_REQUEST, "the body is not valid JSON for this operation: " + e.getOriginalMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "HTTP %d on %s", status, path(uri));
        }
        String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? null : e.getMessage();
        return respond(Problem.of(ProblemType.forStatus(status), status, detail, path(uri)));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (Constraints.uniqueViolation(e)) {
            // two requests stored the same thing at the same moment (a mirror, a consent): the later one lost the race
            return respond(Problem.of(ProblemType.CONFLICT, "another request stored the same thing at the same moment;"
                    + " read it again to see what was kept", path(uri)));
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error on %s (incident %s)", path(uri), incident);
        return respond(Problem.of(ProblemType.INTERNAL, "something failed on our side; quote incident " + incident, path(uri)));
    }

    private Response unauthenticated(String detail, UriInfo uri) {
        return Response.fromResponse(respond(Problem.of(ProblemType.UNAUTHORIZED, detail, path(uri))))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"shoal\"").build();
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
