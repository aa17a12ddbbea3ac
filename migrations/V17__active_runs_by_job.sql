-- Which of a boundary's jobs already have a run queued, running or retrying (concurrency: forbid)
-- is asked for every batch of fires. Neither index answered it by job: the active-runs index
-- (state, id) made each ask scan every active run, and (job, logical_time) every run a job ever
-- had. With 20,000 jobs firing at once each ask took ~13 ms, about a second per boundary. This one
-- holds only active runs, by job. The list of states is RunState.ACTIVE, as RunRows.ACTIVE writes it.
create index run_active_job on run (job) where state in ('queued', 'running', 'retrying');
