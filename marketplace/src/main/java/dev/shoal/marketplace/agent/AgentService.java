package dev.shoal.marketplace.agent;

import dev.shoal.contracts.event.EventType;
import dev.shoal.contracts.event.AgentOffered;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.market.AgentRegistration;
import dev.shoal.contracts.market.Heartbeat;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/** Agents join (a signed registration by a user with the distributor role) and stay (signed heartbeats). */
@ApplicationScoped
public class AgentService {

    /** How far a signed message's own clock may be from ours. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final AgentRepository agents;
    private final Outbox outbox;
    private final MarketplaceConfig config;
    private final Event<AgentHeartbeat> heartbeats;

    public AgentService(AgentRepository agents, Outbox outbox, MarketplaceConfig config, Event<AgentHeartbeat> heartbeats) {
        this.agents = agents;
        this.outbox = outbox;
        this.config = config;
        this.heartbeats = heartbeats;
    }

    /**
     * Registers or updates an agent. The signature proves the sender holds the payout key; the newest
     * registration wins and an older or replayed one is refused; an agent stays with the operator who
     * registered it first.
     */
    @WithTransaction
    public Uni<Agent> register(String operator, AgentRegistration registration) {
        Address address;
        try {
            address = verified(registration);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        String key = address.toString().toLowerCase(Locale.ROOT);
        return agents.findById(key).chain(existing -> {
            if (existing != null && !existing.operator.equals(operator)) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                        "agent " + key + " is registered by another operator"));
            }
            if (existing != null && registration.issuedAtMillis() <= existing.registrationIssuedAt) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.REPLAYED,
                        "this registration is not newer than the one on file (replayed or out of order)"));
            }
            Agent agent = existing != null ? existing : new Agent();
            boolean fresh = existing == null;
            agent.address = key;
            agent.operator = operator;
            agent.endpoint = registration.endpoint().replaceAll("/+$", "");
            agent.network = Networks.of(agent.endpoint);
            agent.region = registration.region();
            agent.capacityBytes = registration.capacityBytes();
            agent.pricePerGbEpochWei = registration.askPerGbEpoch(config.market().epoch());
            agent.registrationIssuedAt = registration.issuedAtMillis();
            if (fresh) {
                agent.registeredAt = OffsetDateTime.now();
                // registering counts as the first sign of life
                agent.lastHeartbeatAt = agent.registeredAt;
                agent.heartbeats = 1;
            }
            return agents.persist(agent).call(a -> outbox.record(fresh ? EventType.AGENT_REGISTERED : EventType.AGENT_UPDATED, "agent", key,
                    new AgentOffered(key, operator, a.endpoint, a.region, a.capacityBytes, a.pricePerGbEpochWei.toString())));
        });
    }

    /** Records a heartbeat. A duplicate (same or older sequence of the same run) changes nothing. */
    @WithTransaction
    public Uni<Agent> heartbeat(String operator, String pathAgent, Heartbeat heartbeat) {
        Address address;
        try {
            address = heartbeat.verify();
        } catch (ContentException e) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.SIGNATURE_INVALID, e.getMessage(), Map.of("code", e.code())));
        }
        String key = address.toString().toLowerCase(Locale.ROOT);
        if (!key.equalsIgnoreCase(pathAgent)) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, "the heartbeat is signed by " + key + ", not " + pathAgent));
        }
        if (skewed(heartbeat.issuedAtMillis())) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.REPLAYED, "the heartbeat's time is more than " + CLOCK_SKEW.toMinutes() + " minutes from ours"));
        }
        return owned(operator, key).chain(agent -> {
            OffsetDateTime at = OffsetDateTime.ofInstant(Instant.ofEpochMilli(heartbeat.issuedAtMillis()), ZoneOffset.UTC);
            boolean duplicate = agent.lastHeartbeatSequence != null && heartbeat.sequence() <= agent.lastHeartbeatSequence
                    && agent.lastHeartbeatAt != null && !at.isAfter(agent.lastHeartbeatAt);
            if (duplicate) {
                return Uni.createFrom().item(agent);
            }
            agent.lastHeartbeatSequence = heartbeat.sequence();
            agent.lastHeartbeatAt = OffsetDateTime.now();
            agent.heartbeats++;
            agent.usedBytes = Math.max(0, heartbeat.usedBytes());
            agent.capacityBytes = Math.max(1, heartbeat.capacityBytes());
            heartbeats.fire(new AgentHeartbeat(agent.address, agent.lastHeartbeatAt, agent.usedBytes, agent.capacityBytes));
            return agents.persist(agent);
        });
    }

    /** The caller's agent, or 404 (another operator's agent is not theirs to see). */
    public Uni<Agent> owned(String operator, String address) {
        return agents.findById(address.toLowerCase(Locale.ROOT)).onItem().transform(agent -> {
            if (agent == null || !agent.operator.equals(operator)) {
                throw new ProblemException(ProblemType.NOT_FOUND, "no agent " + address + " of yours");
            }
            return agent;
        });
    }

    public boolean online(Agent agent, OffsetDateTime now) {
        return agent.lastHeartbeatAt != null && agent.lastHeartbeatAt.isAfter(now.minus(config.market().heartbeatTimeout()));
    }

    private Address verified(AgentRegistration r) {
        if (r != null && r.version() != 1 && r.version() != AgentRegistration.VERSION) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "unsupported registration version " + r.version()
                    + " (1 and " + AgentRegistration.VERSION + " are read)", Map.of("field", "version"));
        }
        if (r == null || r.agent() == null || r.endpoint() == null || r.region() == null || r.statedPrice() == null) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "agent, endpoint, region and "
                    + (r == null ? "the price" : r.priceField()) + " are required");
        }
        if (r.capacityBytes() <= 0) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "capacityBytes must be positive");
        }
        try {
            if (new BigInteger(r.statedPrice()).signum() < 0) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, r.priceField() + " must not be negative", Map.of("field", r.priceField()));
            }
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, r.priceField() + " must be a decimal integer (sUSD units)",
                    Map.of("field", r.priceField()));
        }
        try {
            URI uri = URI.create(r.endpoint());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "endpoint must be an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "endpoint is not a URL: " + r.endpoint());
        }
        if (skewed(r.issuedAtMillis())) {
            throw new ProblemException(ProblemType.REPLAYED, "the registration's time is more than " + CLOCK_SKEW.toMinutes() + " minutes from ours");
        }
        try {
            return r.verify();
        } catch (ContentException e) {
            throw new ProblemException(ProblemType.SIGNATURE_INVALID, e.getMessage(), Map.of("code", e.code()));
        }
    }

    private static boolean skewed(long millis) {
        return Math.abs(System.currentTimeMillis() - millis) > CLOCK_SKEW.toMillis();
    }
}
