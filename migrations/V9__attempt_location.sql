-- Where each attempt's task runs, as its launcher identifies it: for the local launcher the host,
-- the canonical path of the sandbox root and the random id in that root's marker file; for Mesos
-- the agent's host and id (recorded with the task's first status, when the agent is known).
-- A launcher concludes that a task "never started" only from the location it was recorded in:
-- an attempt recorded elsewhere is reported lost, and its job's retry policy decides.
-- Null for attempts recorded before this migration (and for Mesos attempts not yet placed).
alter table attempt
    add column location_host text,
    add column location_root text,
    add column location_id   text;
