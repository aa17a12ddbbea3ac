-- Backfills: a run for every fire time of a job in [range_from, range_to], oldest first, at most
-- `parallelism` unfinished at once. next_fire is the next fire time still to create a run for
-- (null once all are created), so a restart continues where it stopped.
create table backfill (
    id                bigserial   primary key,
    job               text        not null,
    range_from        timestamptz not null,
    range_to          timestamptz not null,
    parallelism       integer     not null check (parallelism between 1 and 1000),
    state             text        not null check (state in ('running', 'succeeded', 'failed',
                                    'cancelled')),
    total             integer     not null,
    existing          integer     not null default 0,
    next_fire         timestamptz,
    params            jsonb       not null default '{}',
    created_by        text        not null,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    ended_at          timestamptz
);
create index backfill_running on backfill (id) where state = 'running';

alter table run add column backfill_id bigint references backfill (id);
create index run_backfill on run (backfill_id, state) where backfill_id is not null;

-- A run waiting on a freshness upstream ({job, within}) fails with upstream_timeout at T + within.
alter table run add column upstream_deadline timestamptz;
create index run_upstream_deadline on run (upstream_deadline) where state = 'waiting';
