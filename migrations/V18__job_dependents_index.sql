-- Which jobs wait for a job (a delete is refused while any do), answered from this index instead
-- of reading every definition. An `after:` entry is stored as the upstream's name or as
-- {job, within}; jsonb_path_ops serves the containment (@>) the query asks for either form.
create index job_after on job using gin ((spec -> 'after') jsonb_path_ops);
