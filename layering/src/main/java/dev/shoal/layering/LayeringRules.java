package dev.shoal.layering;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import java.util.Timer;
import java.util.concurrent.ScheduledExecutorService;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * How Shoal's code is layered, checked on every module's own classes by its {@code LayeringTests}:
 * <pre>
 * &#64;AnalyzeClasses(locations = ThisModule.class)
 * class LayeringTests {
 *     &#64;ArchTest
 *     static final ArchTests LAYERING = ArchTests.in(LayeringRules.class);
 * }
 * </pre>
 * Rules name packages by pattern, so they hold wherever a module puts its chain, messaging or generated code.
 */
public final class LayeringRules {

    private static final String MARKETPLACE = "dev.shoal.marketplace..";
    private static final String AGENT = "dev.shoal.agent..";
    private static final String GATEWAY = "dev.shoal.gateway..";
    private static final String[] SERVICES = {MARKETPLACE, AGENT, GATEWAY};

    private LayeringRules() {
    }

    @ArchTest
    public static final ArchRule ONLY_CHAIN_PACKAGES_TALK_TO_THE_CHAIN = noClasses()
            .that().resideOutsideOfPackage("..chain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.web3j.protocol..", "org.web3j.tx..", "org.web3j.abi..",
                    "org.web3j.contracts..", "dev.shoal..generated..")
            .because("a chain package holds every call, transaction and generated contract wrapper; domain code asks it")
            .allowEmptyShould(true); // contracts-chain is all chain

    @ArchTest
    public static final ArchRule ONLY_CHAIN_AND_IDENTITY_PACKAGES_USE_WEB3J_KEYS = noClasses()
            .that().resideOutsideOfPackages("..chain..", "..identity..")
            .should().dependOnClassesThat().resideInAPackage("org.web3j.crypto..")
            .because("keys and signatures are the identity packages' (and the chain's, which signs transactions)")
            .allowEmptyShould(true);

    @ArchTest
    public static final ArchRule ONLY_MESSAGING_PACKAGES_TALK_TO_KAFKA = noClasses()
            .that().resideOutsideOfPackage("..messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.smallrye.reactive.messaging.kafka..")
            .because("a messaging package holds every producer, consumer and topic; domain code records facts in the outbox");

    @ArchTest
    public static final ArchRule NO_PACKAGE_CYCLES = slices()
            .matching("dev.shoal.(*).(*)..")
            .should().beFreeOfCycles()
            .because("a feature package that needs another's piece gets it moved down, an interface or an event, never a loop");

    @ArchTest
    public static final ArchRule NO_SERVICE_USES_ANOTHER_SERVICES_CODE = CompositeArchRule
            .of(noClasses().that().resideInAPackage(MARKETPLACE).should().dependOnClassesThat().resideInAnyPackage(AGENT, GATEWAY)
                    .allowEmptyShould(true))
            .and(noClasses().that().resideInAPackage(AGENT).should().dependOnClassesThat().resideInAnyPackage(MARKETPLACE, GATEWAY)
                    .allowEmptyShould(true))
            .and(noClasses().that().resideInAPackage(GATEWAY).should().dependOnClassesThat().resideInAnyPackage(MARKETPLACE, AGENT)
                    .allowEmptyShould(true))
            .because("services share only what contracts and service-kit hold, and talk over HTTP and Kafka");

    @ArchTest
    public static final ArchRule LIBRARIES_USE_NO_SERVICE = noClasses()
            .that().resideInAnyPackage("dev.shoal.contracts..", "dev.shoal.service..", "dev.shoal.deploy..")
            .should().dependOnClassesThat().resideInAnyPackage(SERVICES)
            .allowEmptyShould(true)
            .because("contracts, service-kit and the launcher sit below every service");

    @ArchTest
    public static final ArchRule SERVICES_RUN_WITHOUT_THE_LAUNCHER = noClasses()
            .that().resideInAnyPackage(SERVICES)
            .should().dependOnClassesThat().resideInAPackage("dev.shoal.deploy..")
            .allowEmptyShould(true)
            .because("deploy starts the services and their tests' real infrastructure; at run time a service knows nothing of it");

    @ArchTest
    public static final ArchRule RECURRING_WORK_IS_SCHEDULED = noClasses()
            .should().dependOnClassesThat().areAssignableTo(ScheduledExecutorService.class)
            .orShould().dependOnClassesThat().areAssignableTo(Timer.class)
            .orShould().callMethodWhere(target(name("setPeriodic")).and(target(owner(resideInAPackage("io.vertx..")))))
            .because("recurring jobs are @Scheduled(concurrentExecution = SKIP): never overlapping, skipped while stopping");
}
