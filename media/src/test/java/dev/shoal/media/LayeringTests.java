package dev.shoal.media;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.shoal.layering.LayeringRules;
import dev.shoal.layering.ThisModule;

/** This module's classes follow the layering every module follows (see {@link LayeringRules}). */
@AnalyzeClasses(locations = ThisModule.class)
class LayeringTests {

    @ArchTest
    static final ArchTests LAYERING = ArchTests.in(LayeringRules.class);
}
