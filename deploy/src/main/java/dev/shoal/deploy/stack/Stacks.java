package dev.shoal.deploy.stack;

import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.process.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The stacks Shoal runs: the whole demo, or the infrastructure a test needs. */
public final class Stacks {

    /** The real services the Shoal services depend on. */
    public enum Infrastructure {
        POSTGRES, KAFKA, KEYCLOAK, ANVIL;

        Component create() {
            return switch (this) {
                case POSTGRES -> new PostgresComponent();
                case KAFKA -> new KafkaComponent();
                case KEYCLOAK -> new KeycloakComponent();
                case ANVIL -> new AnvilComponent();
            };
        }
    }

    private Stacks() {
    }

    public static StackContext context(ShoalHome home, Path stateDir, Integer basePort, Consumer<String> progress) {
        return new StackContext(home, stateDir, new Ports(basePort), new Endpoints(),
                Path.of(System.getProperty("java.home")), progress);
    }

    /** Infrastructure only, all started at once (Keycloak, the slowest, sets the pace). */
    public static Stack infrastructure(StackContext context, Set<Infrastructure> which) {
        List<Component> phase = EnumSet.copyOf(which).stream().map(Infrastructure::create).toList();
        return new Stack(context, List.of(phase));
    }

    /**
     * {@code count} distributor agents (from the agent's build output) reporting to a marketplace that runs
     * elsewhere, e.g. inside a test JVM, on the given infrastructure. Started in parallel.
     */
    public static Stack agents(StackContext context, Endpoints infrastructure, String marketplaceUrl, int count, String namePrefix) {
        context.endpoints().keycloakUrl(infrastructure.keycloakUrl());
        context.endpoints().marketplaceUrl(marketplaceUrl);
        List<Component> agents = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = namePrefix + i;
            agents.add(agent(name, () -> marketplaceUrl));
        }
        return new Stack(context, List.of(agents));
    }

    /**
     * A player gateway on database {@code gatewayDb} and {@code count} distributor agents, all reporting to a marketplace
     * that runs elsewhere (a marketplace test's JVM), on the given infrastructure; started in parallel. The gateway is
     * the first component.
     */
    public static Stack gatewayAndAgents(StackContext context, Endpoints infrastructure, String marketplaceUrl, String gatewayDb,
                                         int count, String namePrefix) {
        Endpoints endpoints = context.endpoints();
        if (infrastructure.postgresPort() != null) {
            endpoints.postgresPort(infrastructure.postgresPort());
        }
        endpoints.kafkaBootstrap(infrastructure.kafkaBootstrap());
        endpoints.keycloakUrl(infrastructure.keycloakUrl());
        if (infrastructure.chainRpcUrl() != null) {
            endpoints.chain(infrastructure.chainRpcUrl(), infrastructure.chainId());
        }
        endpoints.marketplaceUrl(marketplaceUrl);
        List<Component> edge = new ArrayList<>();
        edge.add(new ServiceComponent("player-gateway", "player-gateway", ctx -> {
            Map<String, String> settings = ServiceSettings.gateway(ctx.endpoints());
            ServiceSettings.database(settings, ctx.endpoints(), gatewayDb);
            return settings;
        }));
        for (int i = 1; i <= count; i++) {
            edge.add(agent(namePrefix + i, () -> marketplaceUrl));
        }
        return new Stack(context, List.of(edge));
    }

    /**
     * One agent on a data folder of the caller's, where its operator signed in with {@code distributor-agent login}:
     * the launcher writes no login for it.
     */
    public static Stack operatorsAgent(StackContext context, Endpoints infrastructure, String marketplaceUrl, String name, Path dataDir) {
        context.endpoints().keycloakUrl(infrastructure.keycloakUrl());
        context.endpoints().marketplaceUrl(marketplaceUrl);
        return new Stack(context, List.of(List.of(new ServiceComponent(name, "distributor-agent",
                ctx -> ServiceSettings.agent(ctx.endpoints(), dataDir.toString())))));
    }

    /**
     * A distributor agent of the demo distributor reporting to {@code marketplaceUrl}, its operator's login written
     * into its data folder by the launcher (see {@link DemoOperatorLogin}).
     */
    private static ServiceComponent agent(String name, Supplier<String> marketplaceUrl) {
        return new ServiceComponent(name, "distributor-agent", ctx -> {
            ctx.endpoints().marketplaceUrl(marketplaceUrl.get());
            Path store = ctx.dataDir(name).resolve("store");
            DemoOperatorLogin.provision(ctx.endpoints(), store);
            Map<String, String> settings = ServiceSettings.agent(ctx.endpoints(), store.toString());
            settings.put("shoal.agent.live.creator-key-file", demoCreatorKey(ctx.dataDir(name)).toString());
            return settings;
        });
    }

    /** The same agent, relaying the live rooms of the gateway at {@code gatewayUrl} (docs/live.md, "Relay agents"). */
    private static ServiceComponent relay(ServiceComponent agent, Supplier<String> gatewayUrl) {
        return agent.withSettings(settings -> {
            settings.put("shoal.agent.live.relay", "true");
            settings.put("shoal.agent.live.relay-gateway", gatewayUrl.get());
        });
    }

    /**
     * The demo creator's key (a public anvil test key) for a demo agent to sign live rooms' announcements with, as the
     * creator's own agent does (docs/live.md).
     */
    private static Path demoCreatorKey(Path dataDir) {
        Path file = dataDir.resolve("demo-creator.key");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(file, "# the public demo creator key (anvil account #0): local stacks only\n"
                    + DemoKeys.CREATOR_PRIVATE_KEY + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /**
     * A marketplace (from its build output) on infrastructure that runs elsewhere, e.g. a gateway test's, whose
     * {@link ServiceComponent} can be stopped and started again on the same address.
     */
    public static Stack marketplace(StackContext context, Endpoints infrastructure) {
        Endpoints endpoints = context.endpoints();
        if (infrastructure.postgresPort() != null) {
            endpoints.postgresPort(infrastructure.postgresPort());
        }
        endpoints.kafkaBootstrap(infrastructure.kafkaBootstrap());
        endpoints.keycloakUrl(infrastructure.keycloakUrl());
        if (infrastructure.chainRpcUrl() != null) {
            endpoints.chain(infrastructure.chainRpcUrl(), infrastructure.chainId());
        }
        return new Stack(context, List.of(List.of(new ServiceComponent("marketplace", "marketplace",
                ctx -> ServiceSettings.marketplace(ctx.endpoints())))));
    }

    /**
     * {@code instances} marketplaces and as many gateways on infrastructure that runs elsewhere (a test's), each kind
     * behind its {@link BalancerComponent} (HAProxy), which takes the name and the address the service has alone. The
     * instances are named {@code marketplace-1}, {@code player-gateway-1}, ... The marketplaces use database
     * {@code marketplaceDb} with {@code marketplaceSettings} on top of the stack's, the gateways {@code gatewayDb}; {@code
     * agents} demo agents report to the marketplaces through their balancer.
     */
    public static Stack cluster(StackContext context, Endpoints infrastructure, int instances, int agents, String marketplaceDb,
                                Map<String, String> marketplaceSettings, String gatewayDb) {
        Endpoints endpoints = context.endpoints();
        if (infrastructure.postgresPort() != null) {
            endpoints.postgresPort(infrastructure.postgresPort());
        }
        endpoints.kafkaBootstrap(infrastructure.kafkaBootstrap());
        endpoints.keycloakUrl(infrastructure.keycloakUrl());
        if (infrastructure.chainRpcUrl() != null) {
            endpoints.chain(infrastructure.chainRpcUrl(), infrastructure.chainId());
        }
        List<Component> agentComponents = new ArrayList<>();
        for (int i = 1; i <= agents; i++) {
            agentComponents.add(agent("agent-" + i, () -> context.endpoints().marketplaceUrl()));
        }
        return new Stack(context, clusterPhases(instances, gatewayUrl -> agentComponents, ctx -> {
            Map<String, String> settings = ServiceSettings.marketplace(ctx.endpoints());
            ServiceSettings.database(settings, ctx.endpoints(), marketplaceDb);
            settings.putAll(marketplaceSettings);
            return settings;
        }, ctx -> {
            Map<String, String> settings = ServiceSettings.gateway(ctx.endpoints());
            ServiceSettings.database(settings, ctx.endpoints(), gatewayDb);
            return settings;
        }));
    }

    /**
     * Balancers first (they take the services' usual addresses), then the marketplaces, then gateways and agents;
     * {@code agents} makes the agents given the gateways' balancer's address (known once it started).
     */
    private static List<List<Component>> clusterPhases(int instances, java.util.function.Function<Supplier<String>, List<Component>> agents,
                                                       java.util.function.Function<StackContext, Map<String, String>> marketplaceSettings,
                                                       java.util.function.Function<StackContext, Map<String, String>> gatewaySettings) {
        List<ServiceComponent> marketplaces = new ArrayList<>();
        List<ServiceComponent> gateways = new ArrayList<>();
        for (int i = 1; i <= instances; i++) {
            marketplaces.add(new ServiceComponent("marketplace-" + i, "marketplace", marketplaceSettings));
            gateways.add(new ServiceComponent("player-gateway-" + i, "player-gateway", gatewaySettings));
        }
        BalancerComponent marketplace = new BalancerComponent("marketplace", marketplaces, false, ctx -> { });
        marketplace.onStarted(ctx -> ctx.endpoints().marketplaceUrl(marketplace.url()));
        BalancerComponent gateway = new BalancerComponent("player-gateway", gateways, true, ctx -> { });
        List<Component> edge = new ArrayList<>(gateways);
        edge.addAll(agents.apply(gateway::url));
        return List.of(List.of(marketplace), List.of(gateway), List.copyOf(marketplaces), edge);
    }

    /**
     * Everything: infrastructure, then the marketplace, then the gateway and {@code agents} distributor agents; with
     * more than one instance (or with {@code balancer}), that many marketplaces and gateways, each kind behind HAProxy on
     * the usual address.
     */
    public static Stack demo(StackContext context, int agents, int instances, boolean balancer) {
        return demo(context, agents, 0, instances, balancer);
    }

    /**
     * The same, the last {@code relays} of the agents relaying the gateway's live rooms ({@code shoal.agent.live.relay},
     * docs/live.md "Relay agents").
     */
    public static Stack demo(StackContext context, int agents, int relays, int instances, boolean balancer) {
        if (instances <= 1 && !balancer) {
            return demo(context, agents, relays);
        }
        List<Component> infrastructure = EnumSet.allOf(Infrastructure.class).stream().map(Infrastructure::create).toList();
        List<List<Component>> phases = new ArrayList<>();
        phases.add(infrastructure);
        // relay agents talk to the gateways through their balancer, as viewers do: any instance takes a relay's claim
        // (kept in the gateway's database) and brings it the room's events (through Kafka)
        phases.addAll(clusterPhases(instances, gatewayUrl -> {
            List<Component> agentComponents = new ArrayList<>();
            for (int i = 1; i <= agents; i++) {
                ServiceComponent agent = agent("agent-" + i, () -> context.endpoints().marketplaceUrl());
                agentComponents.add(i > agents - relays ? relay(agent, gatewayUrl) : agent);
            }
            return agentComponents;
        }, ctx -> ServiceSettings.marketplace(ctx.endpoints()), ctx -> ServiceSettings.gateway(ctx.endpoints())));
        return new Stack(context, phases);
    }

    /** Everything: infrastructure, then the marketplace, then the gateway and {@code agents} distributor agents. */
    public static Stack demo(StackContext context, int agents) {
        return demo(context, agents, 0);
    }

    /** The same, the last {@code relays} of the agents relaying the gateway's live rooms. */
    public static Stack demo(StackContext context, int agents, int relays) {
        List<Component> infrastructure = EnumSet.allOf(Infrastructure.class).stream().map(Infrastructure::create).toList();
        ServiceComponent marketplace = new ServiceComponent("marketplace", "marketplace",
                ctx -> ServiceSettings.marketplace(ctx.endpoints()));
        List<Component> edge = new ArrayList<>();
        ServiceComponent gateway = new ServiceComponent("player-gateway", "player-gateway", ctx -> {
            ctx.endpoints().marketplaceUrl(marketplace.url());
            return ServiceSettings.gateway(ctx.endpoints());
        });
        edge.add(gateway);
        for (int i = 1; i <= agents; i++) {
            String name = "agent-" + i;
            ServiceComponent agent = agent(name, marketplace::url);
            edge.add(i > agents - relays ? relay(agent, () -> {
                gateway.reservePort(context);
                return gateway.url();
            }) : agent);
        }
        return new Stack(context, List.of(infrastructure, List.of(marketplace), edge));
    }
}
