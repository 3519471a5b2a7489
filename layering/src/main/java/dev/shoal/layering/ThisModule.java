package dev.shoal.layering;

import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.LocationProvider;

import java.nio.file.Path;
import java.util.Set;

/**
 * The classes a module compiled from its main sources ({@code target/classes}; a test runs in the module's folder):
 * its tests, and the modules and libraries it uses, are not its layering to check.
 */
public final class ThisModule implements LocationProvider {

    @Override
    public Set<Location> get(Class<?> testClass) {
        return Set.of(Location.of(Path.of("target", "classes")));
    }
}
