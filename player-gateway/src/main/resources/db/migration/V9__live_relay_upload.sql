-- What a relay agent measured it uploads for the live rooms it relays, and its uplink's capacity, both in bytes per
-- second (docs/live.md, "Relay agents"): the gateway ranks relays as close to the live edge by the one over the other.
-- Null for a relay whose claim is version 1 (it reported only the rooms it relays, still in `load`).
alter table live_relay add column upload_bytes_per_second bigint;
alter table live_relay add column uplink_bytes_per_second bigint;
