package dev.shoal.service.production;

/**
 * A service's settings that belong to the local demo and the tests only. Each service declares one bean of
 * this type; {@link ProductionGuard} asks it at start in the production profile and refuses to start when
 * anything is unsafe.
 */
public interface UnsafeSettings {

    /** Reports each of this service's settings that must not reach production to {@code check}. */
    void inspect(ProductionCheck check);
}
