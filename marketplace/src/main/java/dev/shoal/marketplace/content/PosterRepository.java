package dev.shoal.marketplace.content;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PosterRepository implements PanacheRepositoryBase<Poster, String> {
}
