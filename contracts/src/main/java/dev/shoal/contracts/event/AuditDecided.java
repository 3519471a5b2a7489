package dev.shoal.contracts.event;

/** An audit of a replica was decided ({@code AuditPassed}, {@code AuditFailed}, {@code AuditMissed}). */
public record AuditDecided(String auditId, String dealId, String agent, String kind, String detail) {
}
