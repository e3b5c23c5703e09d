// A real PostgreSQL for firm-mode tests: Debian's `postgresql` binaries, a cluster made by initdb in
// a temp folder, served on a random loopback port, stopped (or killed) by the test. initdb and the
// server refuse to run as root, so as root they run as `nobody` (runuser), in a folder it owns.

import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

// From the repository's root, where vitest and Playwright both run (Playwright's CommonJS has no import.meta).
const SETUP_SQL = join(process.cwd(), 'resources', 'firm', 'setup.sql')
const SUPERUSER_PASSWORD = 'postgres-test-only'
const NOBODY = 65534

/** The folder holding initdb, pg_ctl and psql, or why there is none. */
export function postgresBinaries(): { dir: string } | { missing: string } {
  const candidates: string[] = []
  const root = '/usr/lib/postgresql'
  if (existsSync(root))
    for (const v of readdirSync(root).sort((a, b) => Number(b) - Number(a)))
      candidates.push(join(root, v, 'bin'))
  const fromPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim()
  if (fromPath) candidates.push(fromPath.replace(/\/initdb$/, ''))
  for (const dir of candidates)
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return { dir }
  return {
    missing:
      'no PostgreSQL server binaries (initdb, pg_ctl) here: `apt-get install postgresql` (Debian) installs them'
  }
}

export interface Postgres {
  port: number
  /** The firm server's address as a desktop joins it (no user, no password). */
  url: string
  /** A connection as a given role, for checks in SQL. */
  as(user: string, password: string): Promise<pg.Client>
  /** Runs SQL as the superuser. */
  admin(sql: string): Promise<void>
  /** Stops the server at once, as a crash would (no shutdown checkpoint, connections cut). */
  kill(): Promise<void>
  start(): void
  close(): void
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/**
 * A cluster with the firm's database set up by resources/firm/setup.sql (the script the README
 * gives firms), its first partner `partner`/`password`.
 */
export async function startPostgres(partner: { user: string; password: string }): Promise<Postgres> {
  const bins = postgresBinaries()
  if ('missing' in bins) throw new Error(bins.missing)
  const asRoot = process.getuid?.() === 0
  const dir = mkdtempSync(join(tmpdir(), 'runway-pg-'))
  const data = join(dir, 'data')
  const pwfile = join(dir, 'pw')
  writeFileSync(pwfile, SUPERUSER_PASSWORD)
  if (asRoot) {
    chownSync(dir, NOBODY, NOBODY)
    chownSync(pwfile, NOBODY, NOBODY)
  }
  const run = (bin: string, args: string[]): string =>
    asRoot
      ? execFileSync('runuser', ['-u', 'nobody', '--', join(bins.dir, bin), ...args], {
          encoding: 'utf8',
          cwd: dir
        })
      : execFileSync(join(bins.dir, bin), args, { encoding: 'utf8', cwd: dir })
  run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    `--pwfile=${pwfile}`,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--no-sync'
  ])
  const port = await freePort()
  const start = (): void => {
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start'
    ])
  }
  start()
  const env = { ...process.env, PGPASSWORD: SUPERUSER_PASSWORD }
  const psql = (args: string[]): void => {
    execFileSync(
      join(bins.dir, 'psql'),
      ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-q', ...args],
      {
        env,
        stdio: ['ignore', 'ignore', 'pipe']
      }
    )
  }
  psql([
    '-d',
    'postgres',
    '-v',
    `partner=${partner.user}`,
    '-v',
    `password=${partner.password}`,
    '-f',
    SETUP_SQL
  ])
  const connect = async (user: string, password: string, database = 'runway'): Promise<pg.Client> => {
    const client = new pg.Client({ host: '127.0.0.1', port, user, password, database })
    client.on('error', () => {})
    await client.connect()
    return client
  }
  let stopped = false
  return {
    port,
    url: `postgres://127.0.0.1:${port}/runway`,
    as: (user, password) => connect(user, password),
    admin: async (sql) => {
      const client = await connect('postgres', SUPERUSER_PASSWORD)
      try {
        await client.query(sql)
      } finally {
        await client.end()
      }
    },
    kill: async () => {
      const pgCtl = join(bins.dir, 'pg_ctl')
      const args = ['-D', data, '-m', 'immediate', 'stop']
      await promisify(execFile)(
        asRoot ? 'runuser' : pgCtl,
        asRoot ? ['-u', 'nobody', '--', pgCtl, ...args] : args,
        {
          cwd: dir
        }
      )
    },
    start,
    close: () => {
      if (stopped) return
      stopped = true
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop'])
      } catch {
        // Already stopped by the test.
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
