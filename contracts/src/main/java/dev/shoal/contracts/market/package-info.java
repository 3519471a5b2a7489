/**
 * Wire format v1 between a distributor agent and the marketplace (JSON bodies, field names as in the records).
 * The agent polls, because a volunteer's machine is usually behind NAT and cannot be called:
 * <pre>
 * POST {market}/api/agents/registrations            AgentRegistration  (signed by the payout key; version 2: the ask
 *                                                                       per GB-month in sUSD units, version 1 per GB-epoch)
 * POST {market}/api/agents/{agent}/heartbeats       Heartbeat          (signed)
 * GET  {market}/api/agents/{agent}/work             → AgentWork        (deals offered, audits due)
 * POST {market}/api/agents/{agent}/deals/{id}/reports  DealReport      (signed: TRANSFERRING, ACTIVE, FAILED)
 * POST {market}/api/audits/{auditId}/answers        AuditAnswer        (the proof inside is signed)
 * GET  {market}/api/agents/{agent}/earnings          → AgentEarnings    (its deals, what the escrow credits it)
 * </pre>
 * Every signature is EIP-191 over {@code "Shoal <kind> v1\n" + hex(SHA-256(canonical encoding))}, like the
 * content model's; {@code agent} is the payout address, so a valid signature proves the agent holds its key.
 * See docs/agent.md, "Marketplace link". Golden registrations: contracts' test resources, {@code wire/market/}.
 */
package dev.shoal.contracts.market;
