package dev.shoal.service.problem;

import dev.shoal.contracts.problem.Problem;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * A problem on a page route, told to a person as a page. Someone who follows a link to a room that does not exist, or
 * to a studio page that is not theirs, opened a page: they get the problem ({@link ProblemMappers}'s, same status, same
 * headers) rendered in the shared frame ({@code templates/shoal/problem.html}) instead of a JSON document. Only where
 * both sides say it is a page: the route produces {@code text/html}, and the client ranks {@code text/html} first among
 * what it accepts (a browser opening a page does; {@code fetch}, curl, the CLI and hls.js ask for anything and keep
 * getting problem+json, and an API route answers problem+json whoever asks).
 */
public class ProblemPages {

    private final Template page;
    private final String service;

    public ProblemPages(@Location("shoal/problem") Template page, @ConfigProperty(name = "quarkus.application.name") String application,
                        PagesConfig pages) {
        this.page = page;
        this.service = serviceName(application, pages.service());
    }

    @ServerResponseFilter
    public void asPage(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        if (!(response.getEntity() instanceof Problem problem) || !pageRoute(resource.getResourceMethod())
                || !wantsPage(request.getAcceptableMediaTypes())) {
            return;
        }
        String html = page.data("problem", problem).data("service", service).data("home", "/").render();
        response.setEntity(html, null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /** Whether a resource method answers with a page: it (or its class) produces {@code text/html}. */
    static boolean pageRoute(Method method) {
        if (method == null) {
            return false;
        }
        Produces produces = produces(method);
        if (produces == null) {
            produces = produces(method.getDeclaringClass());
        }
        return produces != null && Arrays.stream(produces.value())
                .flatMap(types -> Arrays.stream(types.split(",")))
                .anyMatch(type -> MediaType.valueOf(type.trim()).isCompatible(MediaType.TEXT_HTML_TYPE));
    }

    /** Whether the client's first choice, as ranked in its Accept header, is a page ({@code text/html}, not a wildcard). */
    static boolean wantsPage(List<MediaType> acceptable) {
        if (acceptable.isEmpty()) {
            return false;
        }
        MediaType first = acceptable.getFirst();
        return !first.isWildcardType() && !first.isWildcardSubtype() && first.isCompatible(MediaType.TEXT_HTML_TYPE);
    }

    /**
     * The service's name on the bar, as its own pages name it: {@code shoal.pages.service} where set (the gateway's
     * pages say "player"), else the application's name less "shoal-" ({@code shoal-distributor-agent}: "distributor agent").
     */
    static String serviceName(String application, java.util.Optional<String> shown) {
        return shown.filter(s -> !s.isBlank()).map(String::strip).orElse(application.replaceFirst("^shoal-", "").replace('-', ' '));
    }

    private static Produces produces(AnnotatedElement element) {
        return element.getAnnotation(Produces.class);
    }
}
