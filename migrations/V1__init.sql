-- Hydra's schema. PostgreSQL is the single source of truth: everything that drives triggering is
-- a row here, and memory only holds indexes rebuilt from these rows.

-- Current definition of each job. Every change also appends a row to job_version.
create table job (
    name        text primary key,
    version     integer     not null,
    spec        jsonb       not null,
    paused      boolean     not null default false,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

-- Full history of definitions: who changed what, when, from where. A deletion is a row with a null spec.
create table job_version (
    job         text        not null,
    version     integer     not null,
    spec        jsonb,
    change      text        not null check (change in ('created', 'updated', 'deleted', 'paused', 'resumed')),
    author      text        not null,
    source      text,
    created_at  timestamptz not null,
    primary key (job, version)
);

-- The due-time index, persisted: the next logical time each scheduled job fires at.
-- Firing a run and advancing next_fire_at happen in one transaction.
create table job_schedule (
    job           text primary key references job (name) on delete cascade,
    next_fire_at  timestamptz not null
);
create index job_schedule_due on job_schedule (next_fire_at);

-- A run is (job, logical time), unique: creating one is idempotent, which is what makes a fire
-- happen once even across crashes and several instances. No foreign key to job, so history
-- survives the deletion of a job.
create table run (
    id            bigserial primary key,
    job           text        not null,
    logical_time  timestamptz not null,
    job_version   integer     not null,
    state         text        not null check (state in ('waiting', 'queued', 'running', 'retrying',
                                'succeeded', 'failed', 'upstream_failed', 'skipped', 'killed')),
    reason        text        not null,
    cause         text        not null check (cause in ('schedule', 'manual', 'upstream', 'backfill')),
    params        jsonb       not null default '{}',
    failures      integer     not null default 0,
    attempts      integer     not null default 0,
    retry_at      timestamptz,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    started_at    timestamptz,
    ended_at      timestamptz,
    unique (job, logical_time)
);
create index run_active on run (state, id) where state in ('waiting', 'queued', 'running', 'retrying');
create index run_job_time on run (job, logical_time desc);
create index run_retry_due on run (retry_at) where state = 'retrying';

-- One attempt is one task. Recorded as 'launching' (committed) before the launcher is called;
-- its deterministic task id lets a restart reconcile instead of launching again.
create table attempt (
    run_id             bigint      not null references run (id) on delete cascade,
    number             integer     not null,
    task_id            text        not null unique,
    launcher           text        not null,
    state              text        not null check (state in ('launching', 'running', 'succeeded',
                                     'failed', 'killed', 'lost')),
    reason             text        not null,
    exit_code          integer,
    deadline_at        timestamptz,
    kill_requested_at  timestamptz,
    kill_reason        text,
    created_at         timestamptz not null,
    started_at         timestamptz,
    ended_at           timestamptz,
    primary key (run_id, number)
);
create index attempt_active on attempt (state) where state in ('launching', 'running');

-- Every state change of a run, with its reason: the run's timeline.
create table run_event (
    id       bigserial   primary key,
    run_id   bigint      not null references run (id) on delete cascade,
    at       timestamptz not null,
    state    text        not null,
    reason   text        not null,
    attempt  integer
);
create index run_event_run on run_event (run_id, id);

-- The leader lease: one row per lease name; the epoch grows with every change of holder and is
-- checked by leader-only writes (fencing).
create table leader_lease (
    name        text primary key,
    holder      text        not null,
    epoch       bigint      not null,
    expires_at  timestamptz not null
);

-- Small durable settings owned by Hydra itself (e.g. the Mesos framework id).
create table setting (
    name        text primary key,
    value       text        not null,
    updated_at  timestamptz not null
);
