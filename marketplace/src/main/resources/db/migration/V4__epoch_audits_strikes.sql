-- Epoch audits and graduated strikes. A replica that fails or misses an epoch's audit earns a strike:
-- one is a warning, two suspend it (the locator stops naming it), three declare it lost and repair
-- places a replacement. A passed audit clears its strikes.
alter table deal add column strikes int not null default 0 check (strikes >= 0);
alter table audit add column epoch bigint;
create unique index audit_one_per_epoch on audit (deal_id, epoch) where kind = 'EPOCH';
