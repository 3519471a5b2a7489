package dev.shoal.service.problem;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** How a service's server-rendered pages name it ({@code shoal.pages.*}). */
@ConfigMapping(prefix = "shoal.pages")
public interface PagesConfig {

    /** The name on the bar of the shared frame, as the service's own pages give it ("player" for the gateway); unset: from the application's name. */
    Optional<String> service();
}
