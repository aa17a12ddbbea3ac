-- The job list is paged in the database (keyset pagination), not read whole per request: with
-- 100,000 definitions a page must cost an index range scan. Names sort in byte order (collation
-- "C"), the order the API has always used, whatever the database's default collation.
create index job_name_c on job (name collate "C");
create index job_updated_name on job (updated_at, name collate "C");
create index job_created_name on job (created_at, name collate "C");
