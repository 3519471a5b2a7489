package dev.shoal.service.problem;

import dev.shoal.contracts.problem.Problem;
import dev.shoal.contracts.problem.ProblemType;
import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.TemplateLocator;
import io.quarkus.qute.Variant;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemPagesTests {

    /** What Chromium sends when it opens a page. */
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    @Test
    void aBrowserOpeningAPageRouteGetsAPage() throws Exception {
        assertThat(ProblemPages.pageRoute(Routes.class.getMethod("page"))).isTrue();
        assertThat(ProblemPages.pageRoute(HtmlClass.class.getMethod("inherited"))).as("the class's @Produces").isTrue();
        assertThat(ProblemPages.wantsPage(accept(BROWSER))).isTrue();
    }

    @Test
    void programsAndApiRoutesKeepProblemJson() throws Exception {
        assertThat(ProblemPages.wantsPage(accept("*/*"))).as("fetch, curl, hls.js").isFalse();
        assertThat(ProblemPages.wantsPage(accept("application/json"))).isFalse();
        assertThat(ProblemPages.wantsPage(accept("application/problem+json, text/html;q=0.5"))).isFalse();
        assertThat(ProblemPages.wantsPage(accept("text/*"))).as("a wildcard is no choice of a page").isFalse();
        assertThat(ProblemPages.wantsPage(List.of())).isFalse();
        assertThat(ProblemPages.pageRoute(Routes.class.getMethod("api"))).as("an API route, whoever asks").isFalse();
        assertThat(ProblemPages.pageRoute(Routes.class.getMethod("unannotated"))).isFalse();
        assertThat(ProblemPages.pageRoute(null)).as("no route matched").isFalse();
    }

    @Test
    void thePageSaysWhatTheDocumentSaysEscaped() {
        Problem problem = Problem.of(ProblemType.ROOM_NOT_FOUND, "no live room <script>alert(1)</script>", "/live/x");
        String html = engine().getTemplate("shoal/problem").data("problem", problem).data("service", "player gateway")
                .data("home", "/").render();
        assertThat(html).contains("<title>" + problem.title() + " · Shoal</title>")
                .contains("<strong class=\"brand\">Shoal player gateway</strong>")
                .contains("<code data-problem-type>" + problem.type() + "</code>")
                .contains("<td>404</td>")
                .contains("no live room &lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>");
    }

    @Test
    void theServiceIsNamedAsItsPagesNameIt() {
        assertThat(ProblemPages.serviceName("shoal-player-gateway", Optional.of("player"))).as("shoal.pages.service").isEqualTo("player");
        assertThat(ProblemPages.serviceName("shoal-distributor-agent", Optional.empty())).isEqualTo("distributor agent");
        assertThat(ProblemPages.serviceName("shoal-marketplace", Optional.of(" "))).isEqualTo("marketplace");
    }

    private static List<MediaType> accept(String header) {
        // ranked as JAX-RS ranks them for getAcceptableMediaTypes(): by q, then by how specific
        return java.util.Arrays.stream(header.split(","))
                .map(String::trim).map(MediaType::valueOf)
                .sorted(java.util.Comparator.comparingDouble((MediaType t) -> -Double.parseDouble(t.getParameters().getOrDefault("q", "1")))
                        .thenComparing(t -> t.isWildcardType() ? 2 : t.isWildcardSubtype() ? 1 : 0))
                .toList();
    }

    /** The services' templates as Quarkus finds them ({@code templates/} on the class path), HTML escaped. */
    private static Engine engine() {
        TemplateLocator classPath = id -> Optional.ofNullable(ProblemPagesTests.class.getResource("/templates/" + id + ".html"))
                .map(url -> new TemplateLocator.TemplateLocation() {
                    @Override
                    public Reader read() {
                        try {
                            return new InputStreamReader(url.openStream(), StandardCharsets.UTF_8);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }

                    @Override
                    public Optional<Variant> getVariant() {
                        return Optional.of(Variant.forContentType(Variant.TEXT_HTML));
                    }
                });
        return Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver())
                .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML))).addLocator(classPath).build();
    }

    static class Routes {
        @GET
        @Produces(MediaType.TEXT_HTML)
        public void page() {
        }

        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public void api() {
        }

        @GET
        public void unannotated() {
        }
    }

    @Produces({"text/plain", "text/html;charset=utf-8"})
    static class HtmlClass {
        @GET
        public void inherited() {
        }
    }
}
