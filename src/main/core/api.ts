// The contract's channels, each mapped to one service method, grouped by domain. The only way into
// the core: every host calls `invoke`, which validates the input against the contract before any
// handler sees it. Work belongs in the services; a handler here only names which one.

import type { z } from 'zod'
import {
  channels,
  isChannelName,
  type AppInfo,
  type ChannelName,
  type ChannelOutput,
  type Channels
} from '../../shared/contract'
import type { ActivityEntry } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import type { ActionDeps } from './actions/deps'
import {
  listReserves,
  removeReserve,
  scheduleBill,
  setMinCash,
  setReserve,
  setVendorCritical
} from './actions/decisions'
import {
  clearCustomerExpectation,
  clearInvoiceExpectation,
  decideRecurring,
  setCustomerExpectation,
  setInvoiceExpectation
} from './actions/expectations'
import type { Outbox } from './actions/outbox'
import type { PlanService } from './actions/plan'
import { payBills } from './actions/pay-bill'
import {
  listCustomerReminders,
  previewCustomerReminder,
  profileOf,
  remindCustomer
} from './actions/remind-customer'
import { sendReminder } from './actions/send-reminder'
import type { QboConnections } from './companies/connections'
import type { CompaniesService } from './companies/service'
import { AppError, toErrorValue } from './errors'
import type { CompanyExperience } from './experiences/company'
import type { DigestMailer } from './email/mailer'
import type { DigestExperience } from './experiences/digest'
import type { DigestReports } from './reports/service'
import type { PortfolioExperience } from './experiences/portfolio'
import type { TestDrive } from './experiences/test-drive'
import { describeInput } from './input-shape'
import type { FirmService } from './firm/service'
import type { JobScheduler } from './jobs/scheduler'
import type { SettingsService } from './settings'
import type { SyncCoordinator } from './sync'

/** The services the contract handlers call. */
export interface Services {
  app: { info(): AppInfo; openLogs(): Promise<{ path: string; opened: boolean }> }
  activity: { list(filter: { companyId?: string; limit?: number }): Promise<ActivityEntry[]> }
  companies: CompaniesService
  connections: QboConnections
  sync: SyncCoordinator
  company: CompanyExperience
  portfolio: PortfolioExperience
  outbox: Outbox
  actions: ActionDeps
  testDrive: TestDrive
  jobs: JobScheduler
  digest: DigestExperience
  reports: DigestReports
  mailer: DigestMailer
  settings: SettingsService
  plan: PlanService
  firm: FirmService
}

type ParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>
type Handler<C extends ChannelName> = (input: ParsedInput<C>) => Promise<ChannelOutput<C>>

export type Handlers = { [C in ChannelName]: Handler<C> }

/** The handlers of one domain: the channels named `<domain>.<verb>`. */
type Domain<D extends string> = { [C in Extract<ChannelName, `${D}.${string}`>]: Handler<C> }

const app = (s: Services): Domain<'app'> => ({
  'app.info': async () => s.app.info(),
  'app.openLogs': () => s.app.openLogs()
})

const companies = (s: Services): Domain<'companies' | 'intuitKeys' | 'testDrive'> => ({
  'companies.list': () => s.companies.list(),
  'companies.connect': (input) => s.companies.connect(input),
  'companies.add': () => s.companies.add(),
  'companies.reconnect': async ({ companyId }) =>
    (await s.companies.row(companyId)).origin === 'test-drive'
      ? s.testDrive.reconnect(companyId)
      : s.companies.reconnect(companyId),
  'companies.completeConnect': ({ callbackUrl }) => s.companies.completeConnect(callbackUrl),
  'companies.disconnect': ({ companyId }) => s.companies.disconnect(companyId),
  'companies.remove': ({ companyId, deleteActivity }) => s.companies.remove(companyId, deleteActivity),
  'intuitKeys.get': () => s.companies.keys.view(),
  'intuitKeys.set': async (input) => {
    const view = await s.companies.keys.set(input)
    await s.firm.shareAppKeys()
    return view
  },
  'intuitKeys.clear': () => s.companies.keys.clear(),
  'testDrive.start': () => s.testDrive.start(),
  'testDrive.end': () => s.testDrive.end(),
  'testDrive.reset': () => s.testDrive.reset()
})

/** What the screens read: the client list, one company's runway and console, its digest. */
const screens = (
  s: Services
): Domain<
  'portfolio' | 'runway' | 'bills' | 'invoices' | 'hygiene' | 'digest' | 'scenarios' | 'accounts' | 'forecast'
> => ({
  'portfolio.list': async (input) => s.portfolio.list(input),
  'runway.get': async ({ companyId }) => s.company.runway(companyId),
  'runway.setMinCash': (input) => setMinCash(s.actions, input),
  'bills.list': async ({ companyId }) => s.company.bills(companyId),
  'bills.pay': (input) => payBills(s.actions, input),
  'bills.schedule': (input) => scheduleBill(s.actions, input),
  'invoices.list': async ({ companyId }) => s.company.invoices(companyId),
  'invoices.setExpectation': (input) => setInvoiceExpectation(s.actions, input),
  'invoices.clearExpectation': (input) => clearInvoiceExpectation(s.actions, input),
  'hygiene.get': async ({ companyId }) => s.company.hygiene(companyId),
  'digest.get': ({ companyId, weekEnd }) => s.digest.get(companyId, weekEnd),
  'digest.list': async (input) => s.reports.list(input?.companyId),
  'digest.report': async ({ companyId, weekEnd, pageSize }) => {
    const week = weekEnd ?? (await s.reports.lastWeekEnd())
    const rendered = await s.reports.render(companyId, week, pageSize)
    return { html: rendered.html, title: rendered.title, weekEnd: week }
  },
  'digest.export': (input) => s.reports.export(input),
  'digest.send': (input) => s.mailer.send(input),
  'digest.recipients': async ({ companyId }) => s.mailer.recipients(companyId),
  'digest.setRecipients': async ({ companyId, to }) => s.mailer.setRecipients(companyId, to),
  'scenarios.evaluate': async ({ companyId, changes }) => s.company.scenario(companyId, changes),
  'accounts.list': async ({ companyId }) => s.company.accounts(companyId),
  'forecast.table': async ({ companyId }) => s.company.forecastTable(companyId),
  'forecast.exportCsv': async ({ companyId }) => s.company.forecastCsv(companyId)
})

/** The bookkeeper's decisions and actions beside the bills: chasing, what customers will pay,
 *  earmarks, critical vendors, which recurring outflows recur. */
const decisions = (
  s: Services
): Domain<'collections' | 'customers' | 'reserves' | 'vendors' | 'recurring'> => ({
  'collections.sendReminder': (input) => sendReminder(s.actions, input),
  'collections.customers': async ({ companyId }) => listCustomerReminders(s.actions, companyId),
  'collections.preview': async (input) => previewCustomerReminder(s.actions, input),
  'collections.remindCustomer': (input) => remindCustomer(s.actions, input),
  'customers.profile': async ({ companyId, customerId }) => profileOf(s.actions, companyId, customerId),
  'customers.setExpectation': (input) => setCustomerExpectation(s.actions, input),
  'customers.clearExpectation': (input) => clearCustomerExpectation(s.actions, input),
  'recurring.setDecision': (input) => decideRecurring(s.actions, input),
  'reserves.list': ({ companyId }) => listReserves(s.actions, companyId),
  'reserves.set': (input) => setReserve(s.actions, input),
  'reserves.remove': (input) => removeReserve(s.actions, input),
  'vendors.setCritical': (input) => setVendorCritical(s.actions, input)
})

const plan = (s: Services): Domain<'plan'> => ({
  'plan.propose': async (input) => s.plan.propose(input),
  'plan.apply': (input) => s.plan.apply(input),
  'plan.undo': (input) => s.plan.undo(input)
})

const email = (s: Services): Domain<'email'> => ({
  'email.status': () => s.mailer.status(),
  'email.setPassword': ({ password }) => s.mailer.setPassword(password),
  'email.test': ({ to }) => s.mailer.test(to)
})

const background = (s: Services): Domain<'outbox' | 'sync' | 'settings' | 'activity'> => ({
  'outbox.list': (input) => s.outbox.list(input?.companyId),
  'outbox.dismiss': ({ id }) => s.outbox.dismiss(id),
  'sync.now': (input) => s.sync.syncNow(input?.companyId),
  'sync.status': ({ companyId }) => s.sync.status(companyId),
  'sync.history': (input) => s.sync.history(input ?? {}),
  'settings.get': () => s.settings.get(),
  'settings.set': (patch) => s.settings.set(patch),
  'activity.list': (input) => s.activity.list(input ?? {})
})

const firm = (s: Services): Domain<'firm' | 'clients'> => ({
  'firm.join': (input) => s.firm.join(input),
  'firm.status': () => s.firm.status(),
  'firm.handlers': () => s.firm.handlers(),
  'firm.leave': (input) => s.firm.leave(input ?? {}),
  'clients.assign': (input) => s.firm.assign(input)
})

export function createHandlers(services: Services): Handlers {
  return {
    ...app(services),
    ...companies(services),
    ...screens(services),
    ...decisions(services),
    ...plan(services),
    ...email(services),
    ...background(services),
    ...firm(services)
  }
}

export function validationError(error: z.ZodError, channel?: ChannelName, input?: unknown): AppError {
  const issue = error.issues[0]
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined
  if (channel !== undefined && field === undefined) {
    // The input as a whole is wrong (missing, not an object, a field it does not take): zod would say
    // "expected object, received undefined", which does not tell a caller what to send.
    return new AppError(
      'validation',
      `${channel} expects ${describeInput(channels[channel].input)}; ${given(input, issue)}`
    )
  }
  const message = issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'invalid input'
  return new AppError('validation', message, field ? { field } : {})
}

function given(input: unknown, issue: z.core.$ZodIssue | undefined): string {
  if (input === undefined) return 'it was given no input'
  if (issue?.code === 'unrecognized_keys') {
    return `it takes no ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`
  }
  const text = JSON.stringify(input) ?? String(input)
  return `it was given ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`
}

export async function invoke(handlers: Handlers, channel: unknown, input: unknown): Promise<Result<unknown>> {
  try {
    if (!isChannelName(channel)) {
      throw new AppError('validation', `unknown channel: ${JSON.stringify(channel)}`, { field: 'channel' })
    }
    const parsed = channels[channel].input.safeParse(input)
    if (!parsed.success) throw validationError(parsed.error, channel, input)
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>
    return { ok: true, value: await handler(parsed.data) }
  } catch (error) {
    return { ok: false, error: toErrorValue(error) }
  }
}
