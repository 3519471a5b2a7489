-- Ad delivery (issue 17, docs/forks.md): the agents' signed serving receipts of a fork's ad segments, each counted
-- once, and the points of each ad (VAST's impression and quartiles) each viewing session reached.

create table ad_delivery_receipt (
    agent       text        not null,
    receipt_id  text        not null check (receipt_id ~ '^[0-9a-f]{32}$'),
    fork_id     text        not null references content (content_id),
    ad_id       text        not null references content (content_id),
    session     text        not null,
    segment     text        not null check (segment ~ '^[0-9a-f]{64}$'),
    bytes       bigint      not null check (bytes >= 0),
    issued_at   timestamptz not null,
    counted_at  timestamptz not null,
    primary key (agent, receipt_id)
);
create index ad_delivery_receipt_fork on ad_delivery_receipt (fork_id);

create table ad_delivery_quartile (
    fork_id     text        not null references content (content_id),
    ad_id       text        not null references content (content_id),
    session     text        not null,
    quartile    text        not null check (quartile in ('impression', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete')),
    reached_at  timestamptz not null,
    primary key (fork_id, ad_id, session, quartile)
);
