// The firm server's schema, in PostgreSQL: shipped with the app, forward only, recorded in
// runway.schema_migrations. A member of runway_owner (the first partner, resources/firm/setup.sql)
// runs them on joining; the objects belong to runway_owner, never to the person who ran them.
//
// Who may see what is decided here, in SQL, for every role: a partner (member of runway_partner)
// sees every client, a bookkeeper the clients assigned to them. The app's own checks only repeat it.

export interface ServerMigration {
  name: string
  sql: string
}

export const serverMigrations: ServerMigration[] = [
  {
    name: '001-firm',
    sql: `
create function runway.is_partner() returns boolean language sql stable
  as $$ select pg_has_role(session_user, 'runway_partner', 'member') $$;

-- A client is a QuickBooks company (its realm id); '' holds what is firm-wide (reminder templates).
create table runway.clients (
  client_id text primary key,
  name text not null,
  added_by text not null default session_user,
  added_at timestamptz not null default now()
);
create table runway.assignments (
  client_id text not null references runway.clients on delete cascade,
  member text not null,
  assigned_by text not null default session_user,
  assigned_at timestamptz not null default now(),
  primary key (client_id, member)
);

-- A bookkeeper who brings a new client into the firm takes it: one they added and nobody has yet.
-- (Security definer: a bookkeeper cannot see others' assignments, only whether there are any.)
create function runway.mine_to_take(c text) returns boolean language sql stable security definer
  set search_path = runway, pg_temp
  as $$ select exists (select 1 from runway.clients k where k.client_id = c and k.added_by = session_user)
           and not exists (select 1 from runway.assignments a where a.client_id = c) $$;

create function runway.can_see(c text) returns boolean language sql stable
  as $$ select c = '' or runway.is_partner()
         or exists (select 1 from runway.assignments a where a.client_id = c and a.member = session_user) $$;

-- Every shared change, in the order the server committed them: a desktop pulls what came after the
-- last seq it applied. Pushes take one advisory lock, so seq order is commit order and a puller
-- never passes a seq that commits later.
create table runway.changes (
  seq bigserial primary key,
  change_id text not null unique,
  client_id text not null,
  kind text not null,
  item text not null,
  field text not null,
  value jsonb,
  hlc text not null,
  origin text not null,
  actor text not null default session_user,
  pushed_at timestamptz not null default now()
);
create index changes_client on runway.changes (client_id, seq);

create function runway.changes_notify() returns trigger language plpgsql
  as $$ begin perform pg_notify('runway_changes', ''); return null; end $$;
create trigger changes_notify after insert on runway.changes
  for each statement execute function runway.changes_notify();

-- A payment or reminder about to go to QBO: one claim per client, item and action, firm-wide.
create table runway.claims (
  client_id text not null,
  item text not null,
  action text not null,
  request_id text not null,
  claimed_by text not null default session_user,
  claimed_at timestamptz not null default now(),
  primary key (client_id, item, action)
);

alter table runway.clients enable row level security;
alter table runway.assignments enable row level security;
alter table runway.changes enable row level security;
alter table runway.claims enable row level security;

create policy clients_read on runway.clients for select using (runway.can_see(client_id));
create policy clients_add on runway.clients for insert with check (added_by = session_user);
create policy assignments_read on runway.assignments for select
  using (runway.is_partner() or member = session_user);
create policy assignments_add on runway.assignments for insert
  with check (assigned_by = session_user
              and (runway.is_partner() or (member = session_user and runway.mine_to_take(client_id))));
create policy assignments_drop on runway.assignments for delete using (runway.is_partner());
create policy changes_read on runway.changes for select using (runway.can_see(client_id));
create policy changes_add on runway.changes for insert
  with check (actor = session_user and runway.can_see(client_id));
create policy claims_read on runway.claims for select using (runway.can_see(client_id));
create policy claims_add on runway.claims for insert
  with check (claimed_by = session_user and runway.can_see(client_id));

grant select, insert on runway.clients, runway.changes, runway.claims to runway_partner, runway_bookkeeper;
grant select, insert, delete on runway.assignments to runway_partner, runway_bookkeeper;
grant usage on sequence runway.changes_seq_seq to runway_partner, runway_bookkeeper;
grant execute on function runway.mine_to_take(text) to runway_partner, runway_bookkeeper;
`
  },
  {
    // A claim whose action failed in QBO (refused, not merely delayed) is let go by whoever made it.
    name: '002-claim-release',
    sql: `
create policy claims_release on runway.claims for delete using (claimed_by = session_user);
grant delete on runway.claims to runway_partner, runway_bookkeeper;
`
  },
  {
    // Each client's QuickBooks tokens, one row per client: refreshed under its row lock, so the
    // firm refreshes a client once however many desktops find its token expired at once. Sealed by
    // the desktops (AES-256-GCM, a key derived from the firm's Intuit app secret, which the server
    // never holds): the server keeps ciphertext only.
    name: '003-tokens',
    sql: `
create table runway.tokens (
  client_id text primary key,
  sealed text not null,
  version bigint not null default 1,
  refreshed_by text not null default session_user,
  refreshed_at timestamptz not null default now()
);
alter table runway.tokens enable row level security;
create policy tokens_read on runway.tokens for select using (runway.can_see(client_id));
create policy tokens_add on runway.tokens for insert
  with check (refreshed_by = session_user and runway.can_see(client_id));
create policy tokens_refresh on runway.tokens for update
  using (runway.can_see(client_id)) with check (refreshed_by = session_user);
grant select, insert, update on runway.tokens to runway_partner, runway_bookkeeper;
`
  },
  {
    // The firm's Intuit app keys, one row: sealed by a partner's desktop under the firm key (scrypt
    // of the firm secret, which never leaves the desktops, and the salt kept here), so the server
    // holds ciphertext only. Everyone reads it (every desktop signs clients in with the keys); only
    // partners set it. A change is announced like a pushed change, so desktops take new keys at once.
    name: '004-app-keys',
    sql: `
create table runway.app_keys (
  one boolean primary key default true check (one),
  salt text not null,
  sealed text not null,
  version bigint not null default 1,
  set_by text not null default session_user,
  set_at timestamptz not null default now()
);
alter table runway.app_keys enable row level security;
create policy app_keys_read on runway.app_keys for select using (true);
create policy app_keys_add on runway.app_keys for insert
  with check (set_by = session_user and runway.is_partner());
create policy app_keys_change on runway.app_keys for update
  using (runway.is_partner()) with check (set_by = session_user);
create trigger app_keys_notify after insert or update on runway.app_keys
  for each statement execute function runway.changes_notify();
grant select on runway.app_keys to runway_partner, runway_bookkeeper;
grant insert, update on runway.app_keys to runway_partner;
`
  },
  {
    // Someone given (or relieved of) a client: their desktop fetches what it could not see before.
    name: '005-assignments-notify',
    sql: `
create function runway.assignments_notify() returns trigger language plpgsql
  as $$ begin perform pg_notify('runway_changes', 'assignments'); return null; end $$;
create trigger assignments_notify after insert or delete on runway.assignments
  for each statement execute function runway.assignments_notify();
`
  }
]
