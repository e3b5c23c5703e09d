// The firm's PostgreSQL, as the desktop uses it: every statement sent to it is here. One connection
// per desktop carries the queries and LISTEN; row-level security on the server decides what it sees.

import type pg from 'pg'
import { serverMigrations } from './server-migrations'

export interface FirmLogin {
  url: string
  user: string
  password: string
}

export interface ServerChange {
  seq: number
  changeId: string
  clientId: string
  kind: string
  item: string
  field: string
  value: unknown
  hlc: string
  origin: string
  actor: string
}

export interface SealedAppKeys {
  salt: string
  sealed: string
  version: number
}

export type PushedChange = Omit<ServerChange, 'seq' | 'actor'>

export interface Claim {
  claimed: boolean
  /** Who holds the claim (this person when `claimed`). */
  by: string
  at: string
}

// One advisory lock key for pushes: seq order is commit order (see server-migrations.ts).
const PUSH_LOCK = 20018

export class FirmServer {
  private queue: Promise<unknown> = Promise.resolve()

  private constructor(
    private readonly client: pg.Client,
    readonly user: string
  ) {}

  /** One statement or transaction at a time: a push's transaction never takes in a claim. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work)
    this.queue = run.catch(() => {})
    return run
  }

  /** Connects as the person (their own role); rejects when the server or the login refuses. */
  static async open(login: FirmLogin, onLost: (error: Error) => void): Promise<FirmServer> {
    // pg lets the address's parts outrank separate options, even absent ones: the login goes in it.
    const url = new URL(login.url)
    url.username = encodeURIComponent(login.user)
    url.password = encodeURIComponent(login.password)
    // Loaded on first use: a desktop outside a firm (and every one-shot CLI call) never pays for it.
    const { default: driver } = await import('pg')
    const client = new driver.Client({
      connectionString: url.toString(),
      connectionTimeoutMillis: 5000,
      keepAlive: true,
      application_name: 'Runway Desktop'
    })
    client.on('error', onLost)
    await client.connect()
    client.on('end', () => onLost(new Error('the firm server closed the connection')))
    return new FirmServer(client, login.user)
  }

  /** Calls `listener` on every change pushed; `assignments` when who handles a client changed. */
  onChange(listener: (assignments: boolean) => void): Promise<void> {
    this.client.on('notification', (n) => {
      if (n.channel === 'runway_changes') listener(n.payload === 'assignments')
    })
    return this.client.query('listen runway_changes').then(() => undefined)
  }

  async close(): Promise<void> {
    this.client.removeAllListeners('end')
    this.client.removeAllListeners('error')
    this.client.on('error', () => {})
    await this.client.end().catch(() => {})
  }

  /** Whether this person is a partner, a bookkeeper, or neither (not a member of the firm). */
  async role(): Promise<'partner' | 'bookkeeper' | null> {
    return this.exclusive(async () => {
      const { rows } = await this.client.query<{ partner: boolean; bookkeeper: boolean }>(
        `select pg_has_role(session_user, 'runway_partner', 'member') partner,
                pg_has_role(session_user, 'runway_bookkeeper', 'member') bookkeeper`
      )
      const row = rows[0]!
      return row.partner ? 'partner' : row.bookkeeper ? 'bookkeeper' : null
    })
  }

  /** Runs the migrations this server lacks, when this person may (a member of runway_owner). */
  async migrate(): Promise<{ applied: string[]; behind: string[] }> {
    return this.exclusive(async () => {
      const { rows } = await this.client.query<{ owner: boolean; known: boolean }>(
        `select pg_has_role(session_user, 'runway_owner', 'member') owner,
                to_regclass('runway.schema_migrations') is not null known`
      )
      const { owner, known } = rows[0]!
      const done = new Set<string>()
      if (known) {
        const applied = await this.client.query<{ name: string }>('select name from runway.schema_migrations')
        for (const r of applied.rows) done.add(r.name)
      }
      const unknown = [...done].filter((name) => !serverMigrations.some((m) => m.name === name))
      if (unknown.length > 0)
        throw new Error(
          `the firm server is on a newer version of the app (${unknown.join(', ')}): update the app`
        )
      const pending = serverMigrations.filter((m) => !done.has(m.name))
      if (pending.length === 0 || !owner) return { applied: [], behind: pending.map((m) => m.name) }
      await this.client.query('begin')
      try {
        await this.client.query('set local role runway_owner')
        // Two partners joining at once: the second waits, then finds the work done.
        await this.client.query('select pg_advisory_xact_lock($1)', [PUSH_LOCK + 1])
        await this.client.query(
          `create table if not exists runway.schema_migrations (name text primary key, applied_at timestamptz not null default now());
           grant select on runway.schema_migrations to runway_partner, runway_bookkeeper`
        )
        const again = await this.client.query<{ name: string }>('select name from runway.schema_migrations')
        const applied: string[] = []
        for (const m of serverMigrations) {
          if (again.rows.some((r) => r.name === m.name)) continue
          await this.client.query(m.sql)
          await this.client.query('insert into runway.schema_migrations (name) values ($1)', [m.name])
          applied.push(m.name)
        }
        await this.client.query('commit')
        return { applied, behind: [] }
      } catch (error) {
        await this.client.query('rollback').catch(() => {})
        throw error
      }
    })
  }

  /** Registers a client (idempotent); a bookkeeper who brings in an unassigned client takes it. */
  async addClient(clientId: string, name: string): Promise<void> {
    return this.exclusive(async () => {
      await this.client.query(
        'insert into runway.clients (client_id, name) values ($1, $2) on conflict (client_id) do nothing',
        [clientId, name]
      )
      await this.client.query(
        `insert into runway.assignments (client_id, member)
         select $1, session_user where not runway.is_partner() and runway.mine_to_take($1)
         on conflict do nothing`,
        [clientId]
      )
    })
  }

  /** Gives the client to a person (partners only: the server refuses anyone else). */
  async assign(clientId: string, member: string): Promise<void> {
    return this.exclusive(async () => {
      const { rows } = await this.client.query<{ ok: boolean }>(
        `select pg_has_role($1, 'runway_partner', 'member') or pg_has_role($1, 'runway_bookkeeper', 'member') ok
         from pg_roles where rolname = $1`,
        [member]
      )
      if (!rows[0]?.ok) throw new FirmRefusal(`${member} is not a member of the firm`)
      await this.client.query('begin')
      try {
        await this.client.query(`delete from runway.assignments where client_id = $1 and member <> $2`, [
          clientId,
          member
        ])
        await this.client.query(
          'insert into runway.assignments (client_id, member) values ($1, $2) on conflict do nothing',
          [clientId, member]
        )
        await this.client.query('commit')
      } catch (error) {
        await this.client.query('rollback').catch(() => {})
        throw error
      }
    })
  }

  /** Who handles each client this person can see. */
  async assignments(): Promise<Map<string, string[]>> {
    return this.exclusive(async () => {
      const { rows } = await this.client.query<{ client_id: string; member: string }>(
        'select client_id, member from runway.assignments order by member'
      )
      const byClient = new Map<string, string[]>()
      for (const r of rows) byClient.set(r.client_id, [...(byClient.get(r.client_id) ?? []), r.member])
      return byClient
    })
  }

  /** Pushes changes in one transaction; a change already on the server (a retried push) is skipped. */
  async push(changes: PushedChange[]): Promise<void> {
    return this.exclusive(async () => {
      await this.client.query('begin')
      try {
        await this.client.query('select pg_advisory_xact_lock($1)', [PUSH_LOCK])
        await this.client.query(
          `insert into runway.changes (change_id, client_id, kind, item, field, value, hlc, origin)
           select * from jsonb_to_recordset($1::jsonb)
             as c(change_id text, client_id text, kind text, item text, field text, value jsonb, hlc text, origin text)
           on conflict (change_id) do nothing`,
          [
            JSON.stringify(
              changes.map((c) => ({
                change_id: c.changeId,
                client_id: c.clientId,
                kind: c.kind,
                item: c.item,
                field: c.field,
                value: c.value === undefined ? null : c.value,
                hlc: c.hlc,
                origin: c.origin
              }))
            )
          ]
        )
        await this.client.query('commit')
      } catch (error) {
        await this.client.query('rollback').catch(() => {})
        throw error
      }
    })
  }

  /** The clients this person may see now. */
  async visibleClients(): Promise<string[]> {
    return this.exclusive(async () => {
      const { rows } = await this.client.query<{ client_id: string }>('select client_id from runway.clients')
      return rows.map((r) => r.client_id)
    })
  }

  /**
   * The changes after `seq` this person may see, oldest first; of one client only, up to `upTo`,
   * when given (what a person given a client could not see before).
   */
  async pull(
    afterSeq: number,
    limit = 500,
    only?: { clientId: string; upTo: number }
  ): Promise<ServerChange[]> {
    return this.exclusive(async () => {
      const { rows } = await this.client.query<{
        seq: string
        change_id: string
        client_id: string
        kind: string
        item: string
        field: string
        value: unknown
        hlc: string
        origin: string
        actor: string
      }>(
        `select seq, change_id, client_id, kind, item, field, value, hlc, origin, actor
         from runway.changes where seq > $1 and ($3::text is null or (client_id = $3 and seq <= $4))
         order by seq limit $2`,
        [afterSeq, limit, only?.clientId ?? null, only?.upTo ?? null]
      )
      return rows.map((r) => ({
        seq: Number(r.seq),
        changeId: r.change_id,
        clientId: r.client_id,
        kind: r.kind,
        item: r.item,
        field: r.field,
        value: r.value,
        hlc: r.hlc,
        origin: r.origin,
        actor: r.actor
      }))
    })
  }

  /** Claims an action on an item for this request; a claim by another request says who holds it. */
  async claim(row: { clientId: string; item: string; action: string; requestId: string }): Promise<Claim> {
    return this.exclusive(async () => {
      const inserted = await this.client.query<{ claimed_at: Date }>(
        `insert into runway.claims (client_id, item, action, request_id) values ($1, $2, $3, $4)
         on conflict do nothing returning claimed_at`,
        [row.clientId, row.item, row.action, row.requestId]
      )
      if (inserted.rows[0])
        return { claimed: true, by: this.user, at: inserted.rows[0].claimed_at.toISOString() }
      const held = await this.client.query<{ claimed_by: string; request_id: string; claimed_at: Date }>(
        'select claimed_by, request_id, claimed_at from runway.claims where client_id = $1 and item = $2 and action = $3',
        [row.clientId, row.item, row.action]
      )
      const h = held.rows[0]
      if (!h) throw new FirmRefusal('this client is not yours: a partner assigns it')
      // The same request asking again (a retry, a replay) holds its own claim.
      return { claimed: h.request_id === row.requestId, by: h.claimed_by, at: h.claimed_at.toISOString() }
    })
  }

  /** The client's sealed tokens as the firm has them, if any. */
  async tokens(clientId: string): Promise<string | null> {
    return this.exclusive(async () => {
      const { rows } = await this.client.query<{ sealed: string }>(
        'select sealed from runway.tokens where client_id = $1',
        [clientId]
      )
      return rows[0]?.sealed ?? null
    })
  }

  /**
   * Runs `refresh` holding the client's token row locked (seeded with `mine` when the firm has
   * none yet): another desktop refreshing the same client waits, then finds the new tokens. What
   * `refresh` returns (sealed) replaces the row.
   */
  async underTokenLock(
    clientId: string,
    mine: string,
    refresh: (current: string) => Promise<string | null>
  ): Promise<void> {
    return this.exclusive(async () => {
      await this.client.query('begin')
      try {
        await this.client.query(
          'insert into runway.tokens (client_id, sealed) values ($1, $2) on conflict (client_id) do nothing',
          [clientId, mine]
        )
        const { rows } = await this.client.query<{ sealed: string }>(
          'select sealed from runway.tokens where client_id = $1 for update',
          [clientId]
        )
        const next = await refresh(rows[0]!.sealed)
        if (next !== null)
          await this.client.query(
            `update runway.tokens set sealed = $2, version = version + 1, refreshed_by = session_user,
               refreshed_at = now() where client_id = $1`,
            [clientId, next]
          )
        await this.client.query('commit')
      } catch (error) {
        await this.client.query('rollback').catch(() => {})
        throw error
      }
    })
  }

  /**
   * The change that holds a client's digest for a week: the one already pushed, else the one
   * `make` builds, pushed while holding an advisory lock on the client and week, so two desktops
   * making digests at once make one.
   */
  async digestOnce(
    clientId: string,
    weekEnd: string,
    make: () => PushedChange
  ): Promise<{ value: unknown; made: boolean }> {
    return this.exclusive(async () => {
      await this.client.query('begin')
      try {
        await this.client.query('select pg_advisory_xact_lock(hashtext($1))', [
          `digest:${clientId}:${weekEnd}`
        ])
        const { rows } = await this.client.query<{ value: unknown }>(
          `select value from runway.changes where client_id = $1 and kind = 'digest' and item = $2 order by seq limit 1`,
          [clientId, weekEnd]
        )
        if (rows[0]) {
          await this.client.query('commit')
          return { value: rows[0].value, made: false }
        }
        const c = make()
        await this.client.query('select pg_advisory_xact_lock($1)', [PUSH_LOCK])
        await this.client.query(
          `insert into runway.changes (change_id, client_id, kind, item, field, value, hlc, origin)
           values ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [c.changeId, c.clientId, c.kind, c.item, c.field, JSON.stringify(c.value), c.hlc, c.origin]
        )
        await this.client.query('commit')
        return { value: c.value, made: true }
      } catch (error) {
        await this.client.query('rollback').catch(() => {})
        throw error
      }
    })
  }

  /** The firm's sealed Intuit app keys, if a partner has set them. */
  async appKeys(): Promise<SealedAppKeys | null> {
    return this.exclusive(async () => {
      const { rows } = await this.client.query<{ salt: string; sealed: string; version: string }>(
        'select salt, sealed, version from runway.app_keys'
      )
      const r = rows[0]
      return r ? { salt: r.salt, sealed: r.sealed, version: Number(r.version) } : null
    })
  }

  /**
   * Sets the firm's sealed app keys (partners only). `first`: only if there are none yet (two
   * partners setting up at once: the second finds the first's, null); else replaces them.
   */
  async setAppKeys(keys: { salt: string; sealed: string }, first: boolean): Promise<number | null> {
    return this.exclusive(async () => {
      const { rows } = await this.client.query<{ version: string }>(
        first
          ? `insert into runway.app_keys (salt, sealed) values ($1, $2) on conflict do nothing returning version`
          : `update runway.app_keys set salt = $1, sealed = $2, version = version + 1, set_by = session_user,
               set_at = now() returning version`,
        [keys.salt, keys.sealed]
      )
      return rows[0] ? Number(rows[0].version) : null
    })
  }

  /** Lets go of the claims a request made (its action failed; another may try). */
  async release(requestId: string): Promise<void> {
    return this.exclusive(async () => {
      await this.client.query('delete from runway.claims where request_id = $1', [requestId])
    })
  }
}

/** The server refused on purpose (not a lost connection): said to the person as it is. */
export class FirmRefusal extends Error {}

/** Whether the server refused by its rules (row-level security, privileges) rather than being away. */
export function isRefusal(error: unknown): boolean {
  if (error instanceof FirmRefusal) return true
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && (code === '42501' || code.startsWith('28'))
}
