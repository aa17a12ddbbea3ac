-- Every run passes through several states, and each change rewrites the run's row and adds a
-- timeline entry; at thousands of runs a second these writes are what the engine waits on.

-- The unique (job, logical_time) index already serves "newest runs of a job first", scanned
-- backwards; this copy only cost an index entry on every write of a run.
drop index run_job_time;

-- Attempts and timeline entries are only written in the transaction that holds their run's row,
-- and runs are never deleted (their history outlives even a deleted job), so these keys could
-- never be violated; checking them cost a lookup of the run per inserted row.
alter table attempt drop constraint attempt_run_id_fkey;
alter table run_event drop constraint run_event_run_id_fkey;
