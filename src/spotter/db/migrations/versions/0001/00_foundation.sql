-- Foundation: what every domain file after this one relies on.
--   extensions   btree_gist (schedules' overlap exclusions), pg_trgm and
--                unaccent (exercise search)
--   identity     current_user_id(), current_user_role(): the request's
--                identity, read by the policies
--   app role     spotter_app, the role the server runs every query as
--   shared       update_updated_at_column(), the seed's updated_at trigger
--   partitions   create_month_partition(), ensure_partitions(): monthly
--                partitions of workouts, notifications and audit_logs
--   helpers      pg_temp.open_to_app(table, privileges): grants and
--                row-level security; pg_temp.track_updated_at(table): the
--                updated_at trigger. Used by the domain files; temporary, so
--                they are not part of the schema
--
-- Spotter's schema is the seed design (docs/seed-schema-design.md) with the
-- changes DESIGN.md lists. Every seed table, column, CHECK and named index
-- is kept by the seed's names; docs/decisions.md explains each departure.

CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- ---------------------------------------------------------------------------
-- Identity of the request, read by the policies. The server sets both with
-- set_config(..., true), so they vanish when the transaction ends.
-- ---------------------------------------------------------------------------
CREATE FUNCTION current_user_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT NULLIF(current_setting('spotter.user_id', true), '')::uuid
$$;

CREATE FUNCTION current_user_role() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT NULLIF(current_setting('spotter.user_role', true), '')
$$;

-- ---------------------------------------------------------------------------
-- The server runs every query as spotter_app: a role that owns nothing, is
-- not a superuser and has no BYPASSRLS. Each domain file grants it exactly
-- what that domain's tables and functions need.
-- ---------------------------------------------------------------------------
-- Roles belong to the whole server, so two databases migrated at the same
-- moment (parallel test workers) may both try to create or grant it: the
-- loser's unique violation means it exists, which is all we need.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'spotter_app') THEN
    BEGIN
      CREATE ROLE spotter_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
  -- Lets the server's connections, made as the owner, SET ROLE spotter_app.
  BEGIN
    GRANT spotter_app TO CURRENT_USER;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
  END;
END
$$;

GRANT USAGE ON SCHEMA public TO spotter_app;
-- /readyz compares the schema revision with the code's.
GRANT SELECT ON alembic_version TO spotter_app;

-- ---------------------------------------------------------------------------
-- Two steps every table takes the same way, as temporary helpers: they
-- live only while the migration runs and are not part of the schema.
--
-- pg_temp.open_to_app(table, privileges): grants spotter_app those
-- privileges on the table, and puts the table under row-level security:
-- enabled, forced (the owner is subject to it too), and an allow-all policy
-- <table>_owner_all for the role running the migrations, which owns the
-- schema, so that its SECURITY DEFINER functions and maintenance jobs work.
-- The domain file then adds the policies for spotter_app.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION pg_temp.open_to_app(t text, privileges text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('GRANT %s ON %I TO spotter_app', privileges, t);
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
  EXECUTE format('CREATE POLICY %I ON %I TO CURRENT_USER USING (true) WITH CHECK (true)',
                 t || '_owner_all', t);
END;
$$;

-- The seed's updated_at trigger function, used by most tables.
CREATE FUNCTION update_updated_at_column() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at = NOW();
  RETURN NEW;
END;
$$;

-- pg_temp.track_updated_at(table): the seed's trigger
-- update_<table>_updated_at, which sets updated_at on every update.
CREATE OR REPLACE FUNCTION pg_temp.track_updated_at(t text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I '
                 'FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()',
                 'update_' || t || '_updated_at', t);
END;
$$;

-- ---------------------------------------------------------------------------
-- Monthly partitions. A month is created only while the DEFAULT partition
-- holds none of its rows (moving rows out of DEFAULT would fire the foreign
-- keys' ON DELETE actions); such rows simply stay in DEFAULT. The first
-- months are made in 85_partitions.sql, once the three tables exist; the
-- worker keeps making them ahead.
-- ---------------------------------------------------------------------------
CREATE FUNCTION create_month_partition(parent regclass, month_start date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  parent_schema text;
  parent_name text;
  key_column text;
  lower_bound text;
  upper_bound text;
  partition_name text;
  waiting boolean;
BEGIN
  -- Every name is schema-qualified: callers (the worker) may have another
  -- schema first in their search_path.
  SELECT n.nspname, c.relname INTO parent_schema, parent_name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = parent;
  month_start := date_trunc('month', month_start)::date;
  partition_name := format('%s_%s', parent_name, to_char(month_start, 'YYYY_MM'));
  IF to_regclass(format('%I.%I', parent_schema, partition_name)) IS NOT NULL THEN
    RETURN false;
  END IF;
  SELECT a.attname INTO key_column
    FROM pg_partitioned_table p
    JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
   WHERE p.partrelid = parent;
  IF parent_name = 'workouts' THEN
    lower_bound := month_start::text;
    upper_bound := (month_start + interval '1 month')::date::text;
  ELSE
    lower_bound := month_start::text || ' 00:00:00+00';
    upper_bound := (month_start + interval '1 month')::date::text || ' 00:00:00+00';
  END IF;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE %I >= %L AND %I < %L)',
                 parent_schema, parent_name || '_default', key_column, lower_bound,
                 key_column, upper_bound)
    INTO waiting;
  IF waiting THEN
    RAISE NOTICE 'rows for % are in %_default; partition % not created',
      to_char(month_start, 'YYYY-MM'), parent_name, partition_name;
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                 parent_schema, partition_name, parent, lower_bound, upper_bound);
  RETURN true;
END;
$$;

CREATE FUNCTION ensure_partitions(months_back integer, months_ahead integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  created integer := 0;
  parent regclass;
  m integer;
BEGIN
  FOREACH parent IN ARRAY ARRAY['public.workouts'::regclass, 'public.notifications'::regclass,
                                'public.audit_logs'::regclass]
  LOOP
    FOR m IN -months_back .. months_ahead LOOP
      IF create_month_partition(parent, (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => m))::date) THEN
        created := created + 1;
      END IF;
    END LOOP;
  END LOOP;
  RETURN created;
END;
$$;

-- Partition upkeep is not the server's business.
REVOKE ALL ON FUNCTION create_month_partition(regclass, date) FROM PUBLIC;
REVOKE ALL ON FUNCTION ensure_partitions(integer, integer) FROM PUBLIC;
