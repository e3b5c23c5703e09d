// A real PostgreSQL for firm-mode tests: Debian's `postgresql` binaries, a cluster made by initdb in
// a temp folder, served on a random loopback port, stopped (or killed) by the test. initdb and the
// server refuse to run as root, so as root they run as `nobody` (runuser), in a folder it owns.

import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
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
  /** The firm server's address as a desktop joins it (no user, no password); with TLS, verify-full against the test's CA. */
  url: string
  /** With TLS: the CA that signed the server's certificate (PEM file). */
  caFile: string | null
  /** A connection as a given role, for checks in SQL. */
  as(user: string, password: string): Promise<pg.Client>
  /** Runs SQL as the superuser: the rows it returns. */
  admin(sql: string): Promise<Record<string, unknown>[]>
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
 * A CA and a certificate for 127.0.0.1 signed by it, made in `dir` (P-256 keys: quick to make).
 * The server's key is the server's alone: PostgreSQL refuses a key others may read.
 */
function makeCertificates(dir: string, asRoot: boolean): { ca: string; cert: string; key: string } {
  const path = (name: string): string => join(dir, name)
  const openssl = (args: string[]): void => void execFileSync('openssl', args, { stdio: 'pipe' })
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  openssl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    path('ca.key'),
    '-out',
    path('ca.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=Runway test CA'
  ])
  openssl(['req', ...ec, '-keyout', path('server.key'), '-out', path('server.csr'), '-subj', '/CN=127.0.0.1'])
  writeFileSync(path('san.ext'), 'subjectAltName=IP:127.0.0.1\n')
  openssl([
    'x509',
    '-req',
    '-in',
    path('server.csr'),
    '-CA',
    path('ca.crt'),
    '-CAkey',
    path('ca.key'),
    '-CAcreateserial',
    '-out',
    path('server.crt'),
    '-days',
    '2',
    '-extfile',
    path('san.ext')
  ])
  chmodSync(path('server.key'), 0o600)
  if (asRoot) for (const f of ['server.key', 'server.crt']) chownSync(path(f), NOBODY, NOBODY)
  return { ca: path('ca.crt'), cert: path('server.crt'), key: path('server.key') }
}

/**
 * A cluster with the firm's database set up by resources/firm/setup.sql (the script the README
 * gives firms), its first partner `partner`/`password`. With `tls`, the server takes TCP
 * connections over TLS only (pg_hba `hostssl`), with a certificate from a CA made for the test.
 */
export async function startPostgres(
  partner: { user: string; password: string },
  options: { tls?: boolean } = {}
): Promise<Postgres> {
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
  const certs = options.tls ? makeCertificates(dir, asRoot) : null
  if (certs) {
    // Every TCP line of initdb's pg_hba.conf accepts TLS only: a connection without it finds no entry.
    const hba = join(data, 'pg_hba.conf')
    writeFileSync(hba, readFileSync(hba, 'utf8').replace(/^host(\s)/gm, 'hostssl$1'))
  }
  const tlsFlags = certs ? ` -c ssl=on -c ssl_cert_file=${certs.cert} -c ssl_key_file=${certs.key}` : ''
  const port = await freePort()
  const start = (): void => {
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off${tlsFlags}`,
      'start'
    ])
  }
  start()
  const env = {
    ...process.env,
    PGPASSWORD: SUPERUSER_PASSWORD,
    ...(certs ? { PGSSLMODE: 'verify-full', PGSSLROOTCERT: certs.ca } : {})
  }
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
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user,
      password,
      database,
      ...(certs ? { ssl: { ca: readFileSync(certs.ca, 'utf8') } } : {})
    })
    client.on('error', () => {})
    await client.connect()
    return client
  }
  let stopped = false
  return {
    port,
    url: certs
      ? `postgres://127.0.0.1:${port}/runway?sslmode=verify-full&sslrootcert=${encodeURIComponent(certs.ca)}`
      : `postgres://127.0.0.1:${port}/runway`,
    caFile: certs?.ca ?? null,
    as: (user, password) => connect(user, password),
    admin: async (sql) => {
      const client = await connect('postgres', SUPERUSER_PASSWORD)
      try {
        return (await client.query(sql)).rows as Record<string, unknown>[]
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
