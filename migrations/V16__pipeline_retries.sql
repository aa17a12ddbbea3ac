-- Pipeline retries: a root's `pipeline.retries` re-runs the failed nodes of one logical time once
-- every node has ended. A retry is decided in the transaction that ends the pipeline's last node
-- ('scheduled', due after its backoff) and carried out in the one that re-runs the nodes
-- ('started'): both are rows, so a crash or a new leader neither forgets nor repeats one. The
-- primary key makes a retry number happen at most once per root and logical time; the partial
-- index keeps at most one retry waiting at a time.
create table pipeline_retry (
    root         text        not null,
    logical_time timestamptz not null,
    number       int         not null check (number >= 1),
    state        text        not null check (state in ('scheduled', 'started')),
    due_at       timestamptz not null,
    max_retries  int         not null,
    requested_by text,
    created_at   timestamptz not null default now(),
    started_at   timestamptz,
    primary key (root, logical_time, number)
);

create unique index pipeline_retry_waiting on pipeline_retry (root, logical_time)
    where state = 'scheduled';

-- The engine's timer query reads the earliest waiting retry.
create index pipeline_retry_due on pipeline_retry (due_at) where state = 'scheduled';
