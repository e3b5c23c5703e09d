// The one list of everything that crosses from a window (or a script) into the core: channel name,
// zod schema of its single input, type of its output, and the events the core pushes. The main-side
// registration, the preload's window.runway, the web host's bridge and the CLI are all built from it.

import { z } from 'zod'
import { isLocalDate } from './dates'
import type { ErrorValue, Result } from './errors'
import {
  DEFAULT_REMINDER_TEMPLATES,
  type CustomerProfile,
  type CustomerReminderPreview,
  type CustomerReminderResult,
  type CustomerReminderRow
} from './collections'
import type { PaymentPlanView, PlanApplied } from './plan'
import { DEFAULT_STATUS_BANDS } from './views'
import type {
  BankAccountView,
  BillRow,
  DigestExportResult,
  DigestListItem,
  DigestSendResult,
  DigestView,
  ForecastTableView,
  RunwayAlert,
  HygieneView,
  InvoiceRow,
  OutboxItem,
  PayResult,
  PortfolioRow,
  RecurringView,
  ReserveView,
  RunwayStatus,
  RunwayView,
  ScenarioView
} from './views'

export type Environment = 'production' | 'sandbox' | 'custom'
export type CompanyStatus = 'connected' | 'needs-reconnect' | 'disconnected'

export interface AppInfo {
  name: string
  version: string
  /** Which host carries the contract: the Electron shell, the browser preview or the CLI. */
  host: 'electron' | 'web' | 'cli'
  dataDir: string
  schemaVersion: number
  /** ISO instant from the injected clock. */
  now: string
}

export interface CompanySummary {
  id: string
  name: string
  realmId: string
  environment: Environment
  status: CompanyStatus
  lastSyncAt: string | null
  /** A test-drive company on the local demo sandbox, never a client's real books. */
  demo: boolean
}

export interface ActivityEntry {
  id: number
  at: string
  companyId: string | null
  actor: string
  action: string
  details: Record<string, unknown>
}

/** Firm mode: this computer's place in the firm's PostgreSQL (issue 20). */
export interface FirmStatus {
  joined: boolean
  /** The server's address, without a password. */
  url: string | null
  user: string | null
  role: 'partner' | 'bookkeeper' | null
  connected: boolean
  lastPushAt: string | null
  lastPullAt: string | null
  /** Decisions made here that the server does not have yet. */
  pending: number
  /** Why the server is not reachable, or what it refused. */
  problem: string | null
  /** This computer holds the firm secret, so it gets (a partner's: gives) the firm's Intuit app keys. */
  firmSecret: boolean
}

export const settingsSchema = z
  .object({
    /** 0 = Sunday … 6 = Saturday: when the weekly digest is made. */
    digestWeekday: z.number().int().min(0).max(6),
    /** The time on that day from which it is made, HH:MM on this computer's clock. */
    digestTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected a time as HH:MM, 00:00 to 23:59' }),
    scheduledSyncMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60),
    backgroundSyncMinutes: z
      .number()
      .int()
      .min(15)
      .max(7 * 24 * 60),
    theme: z.enum(['system', 'light', 'dark']),
    /** The minimum cash a company starts with when it is connected; each company can change its own. */
    defaultMinCashCents: z.number().int().min(0).max(1_000_000_000_00),
    /**
     * Days to cash zero (or to below the company's minimum) under which a company is critical, in
     * warning, healthy; from `healthy` on it is excellent. README, "Rules we changed", says why.
     */
    statusBands: z
      .object({
        critical: z.number().int().min(1).max(365),
        warning: z.number().int().min(1).max(365),
        healthy: z.number().int().min(1).max(730)
      })
      .strict()
      .refine((b) => b.critical < b.warning && b.warning < b.healthy, {
        message: 'the bands must rise: critical < warning < healthy'
      }),
    /**
     * The message of a customer's reminder at each stage; {customer}, {total}, {invoices},
     * {company}, {oldestDays} and {count} are filled in. QBO keeps 1000 characters of it.
     */
    reminderTemplates: z
      .object({
        gentle: z.string().trim().min(1).max(1000),
        firm: z.string().trim().min(1).max(1000),
        final: z.string().trim().min(1).max(1000)
      })
      .strict(),
    /** The bookkeeping firm on every report and email: its name and logo (a data: URL). */
    firmName: z.string().trim().max(120),
    firmLogo: z
      .string()
      .max(400_000)
      .regex(/^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$/, {
        message: 'a PNG, JPEG or SVG image as a data: URL'
      })
      .nullable(),
    /** The paper the PDF reports are laid out on. */
    reportPageSize: z.enum(['A4', 'Letter']),
    /** The mail server digests are sent through; its password is in the secret store (email.setPassword). */
    smtp: z
      .object({
        host: z.string().trim().min(1).max(255),
        port: z.number().int().min(1).max(65535),
        /** 'tls': TLS from the start (port 465); 'starttls': upgraded (587); 'none': plain, for a local relay. */
        security: z.enum(['tls', 'starttls', 'none']),
        user: z.string().max(255),
        from: z.email()
      })
      .strict()
      .nullable(),
    /** A sync that takes more days than this off a company's runway raises an alert. */
    alertDropDays: z.number().int().min(1).max(90)
  })
  .strict()

export type Settings = z.infer<typeof settingsSchema>

export const defaultSettings: Settings = {
  digestWeekday: 5,
  digestTime: '00:00',
  scheduledSyncMinutes: 60,
  backgroundSyncMinutes: 240,
  theme: 'system',
  defaultMinCashCents: 0,
  statusBands: DEFAULT_STATUS_BANDS,
  reminderTemplates: DEFAULT_REMINDER_TEMPLATES,
  firmName: '',
  firmLogo: null,
  reportPageSize: 'Letter',
  smtp: null,
  alertDropDays: 7
}

const noInput = z.undefined().or(z.object({}).strict()).optional()

const httpUrl = z.url({ protocol: /^https?$/ })

/** The columns the client list sorts by; 'worst' is its default order (status band, fewest days). */
export const PORTFOLIO_SORT_KEYS = [
  'worst',
  'name',
  'runway',
  'cashZero',
  'lowest',
  'mustPay',
  'overdue',
  'change',
  'lastSync'
] as const
export type PortfolioSortKey = (typeof PORTFOLIO_SORT_KEYS)[number]

/**
 * Which clients, in which order, which of them: a screen asks for the rows it shows (a window of
 * the sorted, filtered list), so 500 clients cost what 50 do. Without a window, every row.
 */
export const portfolioQuery = z
  .object({
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(0).max(10_000).optional(),
    sort: z
      .object({ key: z.enum(PORTFOLIO_SORT_KEYS), dir: z.enum(['asc', 'desc']) })
      .strict()
      .optional(),
    filter: z
      .object({
        /** Every word in the client's name. */
        search: z.string().max(200).optional(),
        status: z.enum(['all', 'critical', 'warning', 'healthy', 'excellent', 'unknown']).optional(),
        kind: z.enum(['all', 'real', 'demo']).optional(),
        /** Only those that need a sync or a sign-in: a failed last sync, or not connected. */
        attention: z.boolean().optional(),
        underThirty: z.boolean().optional(),
        /** Only these clients (a screen about one or a few). */
        companyIds: z.array(z.string().min(1).max(100)).max(1000).optional()
      })
      .strict()
      .optional()
  })
  .strict()
export type PortfolioQuery = z.infer<typeof portfolioQuery>
export type PortfolioSort = NonNullable<PortfolioQuery['sort']>
export type PortfolioFilter = Required<Omit<NonNullable<PortfolioQuery['filter']>, 'companyIds'>>

export interface PortfolioList {
  /** The window asked for, in order. */
  rows: PortfolioRow[]
  /** Where the window begins in the filtered list. */
  offset: number
  /** Every client. */
  total: number
  /** The clients the filter keeps (total without one). */
  matched: number
  /** Every client (filter or not) by the status of its figures, and those not connected or demo. */
  counts: Record<RunwayStatus | 'unknown', number> & { notConnected: number; demo: number }
}
const id = z.string().min(1).max(100)
const companyId = z.object({ companyId: id }).strict()
// JSON Schema's 'date' format is exactly YYYY-MM-DD: it lets `runway-cli --help` say so.
const localDate = z
  .string()
  .refine(isLocalDate, { message: 'expected a date as YYYY-MM-DD' })
  .meta({ format: 'date' })
const cents = z.number().int().safe()
const pageSize = z.enum(['A4', 'Letter'])

export const scenarioChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delay-bill'), billId: id, to: localDate }).strict(),
  z.object({ kind: z.literal('collect-invoice'), invoiceId: id, by: localDate }).strict(),
  z
    .object({ kind: z.literal('one-off'), date: localDate, amountCents: cents, label: z.string().max(200) })
    .strict()
])
export type ScenarioChange = z.infer<typeof scenarioChange>

/** Where a firm's Intuit app lives: Intuit's production or development (sandbox) keys, or another
 *  QuickBooks such as the local sandbox, named by its endpoints. */
const customEndpoints = z
  .object({ apiBaseUrl: httpUrl, authorizeUrl: httpUrl, tokenUrl: httpUrl, revokeUrl: httpUrl })
  .strict()

export const intuitKeysInput = z
  .object({
    environment: z.enum(['production', 'sandbox', 'custom']),
    custom: customEndpoints.optional(),
    clientId: z.string().trim().min(1, 'enter the Client ID').max(200),
    clientSecret: z.string().trim().min(1, 'enter the Client secret').max(200)
  })
  .strict()
  .refine((v) => (v.environment === 'custom') === (v.custom !== undefined), {
    message: "custom endpoints are given with environment 'custom', and only then",
    path: ['custom']
  })

/** The firm's Intuit app keys as a window may see them: never the secret. */
export interface IntuitKeysView {
  configured: boolean
  environment: Environment | null
  /** The Client ID's last four characters, so the user can tell which keys are stored. */
  clientIdEnd: string | null
  /** The custom QuickBooks's API address, for environment 'custom'. */
  apiBaseUrl: string | null
  /** The Redirect URI to add to the Intuit app: where this app catches the browser's return. */
  redirectUri: string
  updatedAt: string | null
}

export const connectInput = z
  .object({
    environment: z.enum(['production', 'sandbox', 'custom']),
    custom: customEndpoints.optional(),
    clientId: z.string().min(1).max(200),
    clientSecret: z.string().min(1).max(200),
    redirectUri: httpUrl.optional()
  })
  .strict()
  .refine((v) => (v.environment === 'custom') === (v.custom !== undefined), {
    message: "custom endpoints are given with environment 'custom', and only then",
    path: ['custom']
  })

export interface SyncSummary {
  companyId: string
  ok: boolean
  strategy: 'ON_DEMAND' | 'EVENT_TRIGGERED' | 'SCHEDULED' | 'BACKGROUND'
  mode: 'full' | 'incremental' | 'none'
  fetched: number
  written: number
  deleted: number
  skipped: number
  requests: number
  durationMs: number
  error?: ErrorValue
}

/** One sync as the history keeps it (`sync.history`). */
export interface SyncRun {
  id: number
  companyId: string
  strategy: SyncSummary['strategy']
  mode: SyncSummary['mode']
  startedAt: string
  finishedAt: string
  ok: boolean
  error: { kind: ErrorValue['kind']; message: string } | null
  fetched: number
  written: number
  deleted: number
  skipped: number
  requests: number
  durationMs: number
}

export interface EntityFreshness {
  entity: string
  /** ISO instant of the last sync that brought this entity up to date; null before the first. */
  lastSyncedAt: string | null
  rows: number
  fullSyncInProgress: boolean
}

export interface SyncStatus {
  companyId: string
  running: boolean
  lastSyncAt: string | null
  nextSyncAt: string | null
  nextStrategy: 'SCHEDULED' | 'BACKGROUND'
  entities: EntityFreshness[]
}

export interface ConnectStart {
  authorizeUrl: string
  state: string
}

const expectationFields = { expectOn: localDate.optional(), wontCollect: z.literal(true).optional() }
const oneExpectation: [
  (v: { expectOn?: string | undefined; wontCollect?: true | undefined }) => boolean,
  { message: string; path: string[] }
] = [
  (v) => (v.expectOn === undefined) !== (v.wontCollect === undefined),
  { message: 'say either expectOn (a date) or wontCollect: true', path: ['expectOn'] }
]

/** Ties an input schema to an output type; the output exists only for the type checker. */
function channel<O>() {
  return <I extends z.ZodType>(input: I): { input: I; output: O } => ({
    input,
    output: undefined as unknown as O
  })
}

export const channels = {
  'app.info': channel<AppInfo>()(noInput),
  /** Opens the log folder where the host can (the desktop app); every host says where it is. */
  'app.openLogs': channel<{ path: string; opened: boolean }>()(noInput),
  'companies.list': channel<CompanySummary[]>()(noInput),
  'companies.connect': channel<ConnectStart>()(connectInput),
  'companies.completeConnect': channel<CompanySummary>()(
    z.object({ callbackUrl: z.string().min(1).max(4000) }).strict()
  ),
  /** Starts adding a client with the firm's stored Intuit keys: the consent page's address. */
  'companies.add': channel<ConnectStart>()(noInput),
  /** Signs a company in again (revoked, expired or disconnected): the same realm, its cache kept. */
  'companies.reconnect': channel<ConnectStart>()(companyId),
  'companies.disconnect': channel<CompanySummary>()(companyId),
  /** Deletes the company and its cached books; its audit trail stays unless deleteActivity. */
  'companies.remove': channel<{ removed: true; activityDeleted: number }>()(
    z.object({ companyId: id, deleteActivity: z.boolean().optional() }).strict()
  ),
  'intuitKeys.get': channel<IntuitKeysView>()(noInput),
  'intuitKeys.set': channel<IntuitKeysView>()(intuitKeysInput),
  'intuitKeys.clear': channel<IntuitKeysView>()(noInput),
  'testDrive.start': channel<CompanySummary[]>()(noInput),
  /** Leaves the test drive: the demo companies, their books and their history go; real ones stay. */
  'testDrive.end': channel<{ removed: string[] }>()(noInput),
  /** The test drive from the start again: fresh demo books, the decisions made on them gone. */
  'testDrive.reset': channel<CompanySummary[]>()(noInput),
  /** Joins the firm's PostgreSQL as this person (their own role); the password goes to the secret store. */
  'firm.join': channel<FirmStatus>()(
    z
      .object({
        url: z.string().min(1).max(500),
        user: z.string().min(1).max(63),
        password: z.string().min(1).max(500),
        /** The firm's passphrase for its Intuit app keys (never sent): set by the first partner. */
        firmSecret: z.string().min(8, 'the firm secret is at least 8 characters').max(500).optional()
      })
      .strict()
  ),
  'firm.status': channel<FirmStatus>()(noInput),
  /** Who handles each client, by company id (those this person may see; empty outside a firm). */
  'firm.handlers': channel<Record<string, string[]>>()(noInput),
  /** Refused while changes made here wait to be sent, unless `discard` drops them. */
  'firm.leave': channel<FirmStatus>()(z.object({ discard: z.boolean().optional() }).strict().optional()),
  /** Hands a client to a person of the firm (partners only: the server refuses anyone else). */
  'clients.assign': channel<{ companyId: string; user: string }>()(
    z.object({ companyId: id, user: z.string().min(1).max(63) }).strict()
  ),
  'portfolio.list': channel<PortfolioList>()(portfolioQuery.optional()),
  'runway.get': channel<RunwayView>()(companyId),
  'runway.setMinCash': channel<{ minCashCents: number }>()(
    z.object({ companyId: id, minCashCents: cents.min(0) }).strict()
  ),
  'bills.list': channel<BillRow[]>()(companyId),
  'invoices.list': channel<InvoiceRow[]>()(companyId),
  'hygiene.get': channel<HygieneView>()(companyId),
  'digest.get': channel<DigestView>()(z.object({ companyId: id, weekEnd: localDate.optional() }).strict()),
  /** The digests kept, newest week first, with their emails; of one company or all. */
  'digest.list': channel<DigestListItem[]>()(z.object({ companyId: id.optional() }).strict().optional()),
  /** The client-ready report of a finished week (the portfolio's without companyId), as HTML. */
  'digest.report': channel<{ html: string; title: string; weekEnd: string }>()(
    z
      .object({ companyId: id.optional(), weekEnd: localDate.optional(), pageSize: pageSize.optional() })
      .strict()
  ),
  /** Writes the report to files: in `path` (a folder) when given, else a folder the app asks for,
   *  else the data folder's exports. The portfolio's without companyId. */
  'digest.export': channel<DigestExportResult>()(
    z
      .object({
        companyId: id.optional(),
        weekEnd: localDate,
        format: z.enum(['html', 'pdf', 'csv']),
        path: z.string().min(1).max(4096).optional(),
        pageSize: pageSize.optional()
      })
      .strict()
  ),
  /** Emails the week's report (to the client's saved recipients without `to`); once per week and
   *  recipient unless `force`; queued while the mail server is out of reach. */
  'digest.send': channel<DigestSendResult>()(
    z
      .object({
        companyId: id.optional(),
        weekEnd: localDate,
        to: z.array(z.email()).min(1).max(50).optional(),
        force: z.boolean().optional()
      })
      .strict()
  ),
  'digest.recipients': channel<string[]>()(companyId),
  'digest.setRecipients': channel<string[]>()(
    z.object({ companyId: id, to: z.array(z.email()).max(50) }).strict()
  ),
  /** Whether the mail server is set up, its password kept, and how many emails wait for it. */
  'email.status': channel<{ configured: boolean; passwordSet: boolean; queued: number }>()(noInput),
  /** The mail server's password, into the secret store (null forgets it). */
  'email.setPassword': channel<{ passwordSet: boolean }>()(
    z.object({ password: z.string().max(1000).nullable() }).strict()
  ),
  'email.test': channel<{ messageId: string }>()(z.object({ to: z.email() }).strict()),
  'scenarios.evaluate': channel<ScenarioView>()(
    z.object({ companyId: id, changes: z.array(scenarioChange).max(50) }).strict()
  ),
  'accounts.list': channel<BankAccountView[]>()(companyId),
  'forecast.table': channel<ForecastTableView>()(companyId),
  /** The weekly table as CSV text: a header row of week start dates, amounts in dollars. */
  'forecast.exportCsv': channel<string>()(companyId),
  'bills.pay': channel<PayResult>()(
    z
      .object({
        companyId: id,
        billIds: z.array(id).min(1).max(30),
        bankAccountId: id,
        paymentDate: localDate.optional(),
        amountCents: cents.positive().optional(),
        confirmedCents: cents.positive().optional()
      })
      .strict()
  ),
  'bills.schedule': channel<BillRow>()(
    z.object({ companyId: id, billId: id, payOn: localDate.nullable() }).strict()
  ),
  'plan.propose': channel<PaymentPlanView>()(
    z
      .object({
        companyId: id,
        minCashCents: cents.nonnegative().optional(),
        horizonWeeks: z.number().int().min(1).max(26).optional(),
        moveScheduled: z.boolean().optional()
      })
      .strict()
  ),
  'plan.apply': channel<PlanApplied>()(
    z
      .object({ companyId: id, planId: z.string().min(1).max(64), billIds: z.array(id).min(1).optional() })
      .strict()
  ),
  'plan.undo': channel<{ planId: string; restoredBillIds: string[] }>()(
    z.object({ companyId: id, planId: z.string().min(1).max(64) }).strict()
  ),
  'collections.sendReminder': channel<{ status: 'sent' | 'queued'; stage: string; sentAt: string }>()(
    z.object({ companyId: id, invoiceId: id, sendTo: z.email().optional() }).strict()
  ),
  /** Every customer with money overdue and where their one reminder stands (due this week, waiting, a call). */
  'collections.customers': channel<CustomerReminderRow[]>()(companyId),
  /** The customer's reminder as it would go now: recipient, subject, message, invoices, stage. */
  'collections.preview': channel<CustomerReminderPreview>()(
    z.object({ companyId: id, customerId: id, sendTo: z.email().optional() }).strict()
  ),
  /** Sends it once: one email through QBO for all of the customer's overdue invoices. */
  'collections.remindCustomer': channel<CustomerReminderResult>()(
    z.object({ companyId: id, customerId: id, sendTo: z.email().optional() }).strict()
  ),
  'customers.profile': channel<CustomerProfile>()(z.object({ companyId: id, customerId: id }).strict()),
  'reserves.list': channel<ReserveView[]>()(companyId),
  'reserves.set': channel<ReserveView[]>()(
    z
      .object({
        companyId: id,
        name: z.string().trim().min(1).max(100),
        amountCents: cents.min(0),
        until: localDate.nullable().optional()
      })
      .strict()
  ),
  'reserves.remove': channel<ReserveView[]>()(z.object({ companyId: id, reserveId: id }).strict()),
  'vendors.setCritical': channel<{ vendorId: string; critical: boolean }>()(
    z.object({ companyId: id, vendorId: id, critical: z.boolean() }).strict()
  ),
  // The user's word on money to come, kept locally and used by the forecast at once: exactly one of
  // "expect on DATE" or "won't collect". A customer's covers all its open invoices; an invoice's own
  // outranks it.
  'invoices.setExpectation': channel<InvoiceRow>()(
    z
      .object({ companyId: id, invoiceId: id, ...expectationFields })
      .strict()
      .refine(...oneExpectation)
  ),
  'invoices.clearExpectation': channel<InvoiceRow>()(z.object({ companyId: id, invoiceId: id }).strict()),
  'customers.setExpectation': channel<InvoiceRow[]>()(
    z
      .object({ companyId: id, customerId: id, ...expectationFields })
      .strict()
      .refine(...oneExpectation)
  ),
  'customers.clearExpectation': channel<InvoiceRow[]>()(z.object({ companyId: id, customerId: id }).strict()),
  /** Confirm or dismiss a detected recurring outflow (RecurringView.key); null takes the verdict back. */
  'recurring.setDecision': channel<RecurringView[]>()(
    z
      .object({
        companyId: id,
        seriesKey: z.string().min(1).max(300),
        decision: z.enum(['confirmed', 'dismissed']).nullable()
      })
      .strict()
  ),
  'outbox.list': channel<OutboxItem[]>()(z.object({ companyId: id.optional() }).strict().optional()),
  'outbox.dismiss': channel<{ dismissed: true }>()(z.object({ id }).strict()),
  'sync.now': channel<SyncSummary[]>()(
    z
      .object({ companyId: z.string().min(1).max(100).optional() })
      .strict()
      .optional()
  ),
  'sync.status': channel<SyncStatus>()(companyId),
  /** The syncs of one company or all, newest first, failures with their reason. */
  'sync.history': channel<SyncRun[]>()(
    z
      .object({ companyId: id.optional(), limit: z.number().int().min(1).max(1000).optional() })
      .strict()
      .optional()
  ),
  'settings.get': channel<Settings>()(noInput),
  'settings.set': channel<Settings>()(settingsSchema.partial()),
  'activity.list': channel<ActivityEntry[]>()(
    z
      .object({
        companyId: z.string().min(1).optional(),
        limit: z.number().int().min(1).max(1000).optional()
      })
      .strict()
      .optional()
  )
} as const

export type Channels = typeof channels
export type ChannelName = keyof Channels
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>
export type ChannelOutput<C extends ChannelName> = Channels[C]['output']

export const channelNames = Object.keys(channels) as ChannelName[]

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name)
}

/** Events the core pushes to every window. */
export interface Events {
  'companies.changed': { companyIds: string[] }
  'settings.changed': Settings
  'sync.progress': { companyId: string; entity: string; done: number; total: number }
  'sync.finished': SyncSummary
  'sync.failed': { companyId: string; error: ErrorValue }
  'runway.changed': { companyId: string }
  'outbox.changed': { companyId: string }
  'bills.payDue': { companyId: string; billIds: string[] }
  'digest.ready': { companyId: string; weekEnd: string }
  /** A sync took more than the set days off a runway, or moved it into another band. */
  'runway.alert': RunwayAlert
  /** The app asks its window to show a company (a desktop notification was clicked). */
  'company.open': { companyId: string }
}
export type EventName = keyof Events
export const eventNames: EventName[] = [
  'companies.changed',
  'settings.changed',
  'sync.progress',
  'sync.finished',
  'sync.failed',
  'runway.changed',
  'outbox.changed',
  'bills.payDue',
  'digest.ready',
  'runway.alert',
  'company.open'
]

// window.runway: one method per channel, grouped by the part before the dot
// (`runway.companies.list()`), plus `on` for events.
type Split<S extends string> = S extends `${infer NS}.${infer M}` ? [NS, M] : never
type Namespaces = Split<ChannelName>[0]
type MethodsOf<NS extends string> = {
  [C in ChannelName as Split<C>[0] extends NS ? Split<C>[1] : never]: undefined extends ChannelInput<C>
    ? (input?: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>
    : (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>
}

export type RunwayBridge = { [NS in Namespaces]: MethodsOf<NS> } & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}

/** The transport a host gives the bridge: one call, one result; events as they come. */
export interface BridgeTransport {
  invoke(channel: ChannelName, input: unknown): Promise<Result<unknown>>
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void
}

export function createBridge(transport: BridgeTransport): RunwayBridge {
  const bridge: Record<string, unknown> = {
    on: (event: EventName, listener: (payload: unknown) => void) => {
      if (!eventNames.includes(event)) throw new Error(`unknown event: ${String(event)}`)
      return transport.subscribe(event, listener)
    }
  }
  for (const name of channelNames) {
    const [ns, method] = name.split('.') as [string, string]
    const group = (bridge[ns] ??= {}) as Record<string, unknown>
    group[method] = (input?: unknown) => transport.invoke(name, input)
  }
  return bridge as RunwayBridge
}
