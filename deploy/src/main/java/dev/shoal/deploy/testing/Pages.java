package dev.shoal.deploy.testing;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.TemplateLocator.TemplateLocation;
import io.quarkus.qute.Variant;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders a service's template records (a record implementing {@link TemplateInstance}) the way its Quarkus build
 * does, in milliseconds and without starting Quarkus, for the services' fast page tests: templates from
 * {@code templates/} on the class path (the service's own and service-kit's shared layout), the template path
 * from {@link CheckedTemplate#basePath()} and the record's name, each record component as data, HTML escaped by
 * default, and strict rendering (an unknown property fails). The Quarkus build additionally checks every
 * expression against the record's types.
 */
public final class Pages {

    private static final String HTML = "text/html";
    private static final List<String> SUFFIXES = List.of("", ".html", ".txt");
    private static final Engine ENGINE = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver())
            .addResultMapper(new HtmlEscaper(List.of(HTML))).addLocator(Pages::locate).strictRendering(true)
            .removeStandaloneLines(true).build();

    private Pages() {
    }

    /** The page a resource would answer with this template record. */
    public static String render(TemplateInstance page) {
        Class<?> type = page.getClass();
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " is no template record");
        }
        Template template = ENGINE.getTemplate(path(type));
        if (template == null) {
            throw new IllegalArgumentException("no template " + path(type) + " on the class path for " + type);
        }
        TemplateInstance instance = template.instance();
        for (RecordComponent c : type.getRecordComponents()) {
            try {
                instance.data(c.getName(), c.getAccessor().invoke(page));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("reading " + c + " of " + page, e);
            }
        }
        return instance.render();
    }

    private static String path(Class<?> type) {
        CheckedTemplate checked = type.getAnnotation(CheckedTemplate.class);
        String base;
        if (checked != null && !CheckedTemplate.DEFAULTED.equals(checked.basePath())) {
            base = checked.basePath();
        } else {
            base = type.getEnclosingClass() == null ? "" : type.getEnclosingClass().getSimpleName();
        }
        return base.isEmpty() ? type.getSimpleName() : base + "/" + type.getSimpleName();
    }

    private static Optional<TemplateLocation> locate(String path) {
        for (String suffix : SUFFIXES) {
            URL url = Thread.currentThread().getContextClassLoader().getResource("templates/" + path + suffix);
            if (url != null) {
                String name = path + suffix;
                return Optional.of(new TemplateLocation() {
                    @Override
                    public Reader read() {
                        try {
                            InputStream in = url.openStream();
                            return new InputStreamReader(in, StandardCharsets.UTF_8);
                        } catch (java.io.IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }

                    @Override
                    public Optional<Variant> getVariant() {
                        return Optional.of(new Variant(Locale.ROOT, name.endsWith(".html") ? HTML : "text/plain", "UTF-8"));
                    }
                });
            }
        }
        return Optional.empty();
    }
}
