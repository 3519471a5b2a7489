package dev.shoal.marketplace.mirror;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class MirrorStatementRepository implements PanacheRepositoryBase<MirrorStatement, String> {
}
