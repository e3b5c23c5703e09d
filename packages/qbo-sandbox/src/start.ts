// Starting a sandbox in-process, with or without its control plane: index.ts (tests, the CLI, the
// benchmarks) gives it one, test-drive.ts (the app) does not.

import { generateCompanies } from './demo/generate'
import { DEFAULT_LIMITS, type Limits } from './limits'
import type { ControlPlane, SandboxHost, SandboxInfo } from './host'
import { SandboxServer } from './server'
import { readState, StateWriter, stateFileExists } from './state-file'
import { companyDate, formatQboTime, SandboxClock } from './time'
import type { RealmData } from './types'

export interface SandboxOptions {
  /** 0 (the default) picks a free port. The sandbox listens on 127.0.0.1 only. */
  port?: number
  /** Seeds the demo companies and the fault PRNG. */
  seed?: number
  size?: 'demo' | 'large'
  /** Demo size: how many companies (realms) to generate; default the three demo companies. */
  companies?: number
  /** Delay added to every /v3 and OAuth request, without blocking other requests. */
  latencyMs?: number
  /** JSON-lines state file: loaded at start when it exists, rewritten (atomically) after changes. */
  stateFile?: string
  /** Milliseconds since the epoch; the control plane can move it forward. Default Date.now. */
  clock?: () => number
  /** The companies' "today" for the generator (YYYY-MM-DD); default the clock's date in company time. */
  today?: string
  /** Intuit's limits by default; tests lower them so they need not send 500 requests. */
  limits?: Partial<Limits>
  /** Companies to serve instead of generated ones (for tests that want a tiny, exact book). */
  realms?: RealmData[]
  clientId?: string
  clientSecret?: string
  /** Exact redirect URIs to accept; default: any loopback http URI and any https URI. */
  redirectUris?: string[]
  /** Answers gzip-compressed to clients that accept them, as QBO's servers answer over the internet. */
  compress?: boolean
}

export interface Sandbox {
  info: SandboxInfo
  /** Base URL, e.g. http://127.0.0.1:54321 (the control plane, when there is one, is under /_sandbox/). */
  url: string
  close(): Promise<void>
}

const DEFAULT_CLIENT_ID = 'ABsandboxRunwayDesktopClientId000000000000000000'
const DEFAULT_CLIENT_SECRET = 'sandboxRunwayDesktopClientSecret0000000'

/** QBO always has these two; a hand-made or generated realm may lack them. */
function ensureCompanyRecords(realm: RealmData, nowMs: number): void {
  const stamp = formatQboTime(nowMs)
  const meta = { CreateTime: stamp, LastUpdatedTime: stamp }
  if (realm.entities.CompanyInfo.size === 0) {
    realm.entities.CompanyInfo.set('1', {
      Id: '1',
      SyncToken: '0',
      domain: 'QBO',
      sparse: false,
      MetaData: meta,
      CompanyName: realm.companyName,
      LegalName: realm.companyName,
      Country: 'US',
      FiscalYearStartMonth: 'January',
      SupportedLanguages: 'en',
      CompanyStartDate: companyDate(nowMs).slice(0, 4) + '-01-01',
      NameValue: []
    })
  }
  if (realm.entities.Preferences.size === 0) {
    realm.entities.Preferences.set('1', {
      Id: '1',
      SyncToken: '0',
      domain: 'QBO',
      sparse: false,
      MetaData: meta,
      AccountingInfoPrefs: {
        TrackDepartments: false,
        ClassTrackingPerTxn: false,
        CustomerTerminology: 'Customers'
      },
      SalesFormsPrefs: {
        AllowDiscount: true,
        AllowDeposit: false,
        AutoApplyCredit: true,
        CustomTxnNumbers: false
      },
      VendorAndPurchasesPrefs: { BillableExpenseTracking: true, TrackingByCustomer: true },
      CurrencyPrefs: { MultiCurrencyEnabled: false, HomeCurrency: { value: 'USD' } },
      EmailMessagesPrefs: { InvoiceMessage: { Subject: 'Invoice [Invoice No.] from [Company Name]' } }
    })
  }
}

export async function start(
  opts: SandboxOptions,
  controlPlane?: (host: SandboxHost, seed: number) => ControlPlane
): Promise<Sandbox> {
  const clock = new SandboxClock(opts.clock ?? Date.now)
  const seed = opts.seed ?? 1
  let clientId = opts.clientId ?? DEFAULT_CLIENT_ID
  let clientSecret = opts.clientSecret ?? DEFAULT_CLIENT_SECRET

  const loaded =
    opts.stateFile && (await stateFileExists(opts.stateFile)) ? await readState(opts.stateFile) : undefined
  let realms: RealmData[]
  if (loaded) {
    realms = loaded.realms
    clientId = opts.clientId ?? loaded.clientId
    clientSecret = opts.clientSecret ?? loaded.clientSecret
  } else if (opts.realms) {
    realms = opts.realms
  } else {
    const now = clock.now()
    realms = generateCompanies({
      seed,
      size: opts.size ?? 'demo',
      today: opts.today ?? companyDate(now),
      now: new Date(now).toISOString(),
      ...(opts.companies === undefined ? {} : { companies: opts.companies })
    })
  }
  for (const realm of realms) ensureCompanyRecords(realm, clock.now())

  const core = new SandboxServer({
    realms,
    clock,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    clientId,
    clientSecret,
    redirectUris: opts.redirectUris,
    compress: opts.compress ?? false,
    ...(controlPlane ? { controlPlane: (host: SandboxHost) => controlPlane(host, seed) } : {})
  })
  if (loaded) {
    core.oauth.restore(loaded.oauth)
    core.restoreOutbox(loaded.outbox)
    for (const [k, v] of loaded.idempotency) core.idempotency.set(k, v)
  }
  if (opts.stateFile) {
    core.writer = new StateWriter(opts.stateFile, () => core.snapshot())
    // A fresh file right away, so a restart serves the same books even before the first write.
    if (!loaded) core.markDirty()
  }
  await core.listen(opts.port ?? 0)
  return {
    info: core.info(),
    url: core.url,
    close: () => core.close()
  }
}
