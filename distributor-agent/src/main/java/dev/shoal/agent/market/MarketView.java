package dev.shoal.agent.market;

import dev.shoal.contracts.market.AgentEarnings;

import java.util.List;

/**
 * What the status page and {@code status} show of the marketplace link.
 *
 * @param state     "no marketplace link yet" (none configured), "registering", "registered", "unreachable: …"
 * @param deals     deals taken on, newest first
 * @param audits    audits answered, newest first
 * @param outbox    reports waiting for the marketplace to come back
 * @param earnings  the marketplace's last answer on the agent's deals and escrow figures, null before the first
 * @param earningsState when {@code earnings} was read ("as of …"), or why not ("not asked yet", "unavailable: …")
 */
public record MarketView(String url, String state, Long lastHeartbeatMillis, List<DealView> deals,
                         List<AuditView> audits, int outbox, AgentEarnings earnings, String earningsState) {

    public record DealView(String dealId, String contentId, String state, long pinUntilMillis, String detail) {
    }

    public record AuditView(String auditId, String contentId, String outcome, long answeredAtMillis, long tookMillis) {
    }

    public static MarketView none() {
        return new MarketView(null, "no marketplace link yet", null, List.of(), List.of(), 0, null,
                "no marketplace link yet");
    }
}
