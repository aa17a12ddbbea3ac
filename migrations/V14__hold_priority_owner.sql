-- An operator's hold on a run: while held_by is set, the dispatcher does not start the run.
alter table run add column held_by text;
alter table run add column held_at timestamptz;

-- The order queued runs start in: priority first (higher first), then a fair share of capacity
-- across owners. Both are the run's own, taken when it is created: the job's priority (or the
-- trigger's or backfill's, which override it) and the job's owner ('' for a job without one).
alter table run add column priority integer not null default 0;
alter table run add column owner text not null default '';
update run r set owner = coalesce(j.spec->>'owner', ''),
                 priority = coalesce((j.spec->>'priority')::integer, 0)
  from job j where j.name = r.job and r.state in ('waiting', 'queued', 'running', 'retrying');

-- The dispatcher's claim walks each owner's startable queue in its order, and finds the owners
-- with queued runs by skipping through the first column.
create index run_queued_fair on run (owner, priority desc, id)
  where state = 'queued' and held_by is null;

-- A backfill's own priority for the runs it creates (null: the job's).
alter table backfill add column priority integer;
