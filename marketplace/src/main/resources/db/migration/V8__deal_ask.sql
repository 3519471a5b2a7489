-- A replica costs what its own agent asks (issue 15): the agent's ask per GB-epoch is fixed on the deal when
-- it is placed (the agent may change its ask later; this deal keeps the price it was placed at), and each
-- escrow tenure remembers the price per replica-epoch the escrow pays it. Deals placed before this column
-- existed are charged at their order's maximum, as they were.
alter table deal add column ask_per_gb_epoch numeric(78, 0) check (ask_per_gb_epoch >= 0);
alter table escrow_slot add column price_per_replica_epoch numeric(78, 0) check (price_per_replica_epoch >= 0);
