// Contract handlers → services. The only way into the core: every host calls `invoke`, which
// validates the input against the contract before any handler sees it.

import type { z } from 'zod'
import {
  channels,
  isChannelName,
  type AppInfo,
  type ChannelName,
  type ChannelOutput,
  type Channels
} from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { listActivity } from './db/activity'
import { listCompanies } from './db/companies'
import type { QboConnections } from './companies/connections'
import type { CompaniesService } from './companies/service'
import type { CoreContext } from './context'
import type { SyncCoordinator } from './sync'
import type { ActionDeps } from './actions/context'
import { payBills } from './actions/pay-bill'
import { sendReminder } from './actions/send-reminder'
import {
  listReserves,
  removeReserve,
  scheduleBill,
  setMinCash,
  setReserve,
  setVendorCritical
} from './actions/decisions'
import type { CompanyExperience } from './experiences/company'
import type { PortfolioExperience } from './experiences/portfolio'
import type { TestDrive } from './experiences/test-drive'
import { digestWeekEnd, type JobScheduler } from './jobs/scheduler'
import type { DigestExperience } from './experiences/digest'
import { companyToday } from './today'
import type { Outbox } from './actions/outbox'
import { AppError, toErrorValue } from './errors'
import { describeInput } from './input-shape'
import { storedDigest } from './db/digests'
import { readSettings, writeSettings } from './db/settings'

/** The services the contract handlers call. */
export interface Services {
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
}

type ParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>

export type Handlers = {
  [C in ChannelName]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>>
}

export function createHandlers(ctx: CoreContext, services: Services): Handlers {
  const { db } = ctx.cache
  return {
    'app.info': async (): Promise<AppInfo> => ({
      name: 'Runway Desktop',
      version: ctx.config.appVersion,
      host: ctx.config.host,
      dataDir: ctx.config.dataDir,
      schemaVersion: ctx.cache.schemaVersion,
      now: ctx.clock.now().toISOString()
    }),
    'companies.list': () => listCompanies(db),
    'companies.connect': (input) => services.companies.connect(input),
    'companies.completeConnect': ({ callbackUrl }) => services.companies.completeConnect(callbackUrl),
    'companies.disconnect': ({ companyId }) => services.companies.disconnect(companyId),
    'companies.remove': ({ companyId }) => services.companies.remove(companyId),
    'testDrive.start': () => services.testDrive.start(),
    'portfolio.list': async () => services.portfolio.list(),
    'runway.get': async ({ companyId }) => services.company.runway(companyId),
    'runway.setMinCash': (input) => setMinCash(services.actions, input),
    'bills.list': async ({ companyId }) =>
      services.company.bills(companyId, await services.outbox.pendingTargets(companyId, 'bills.pay')),
    'invoices.list': async ({ companyId }) =>
      services.company.invoices(
        companyId,
        await services.outbox.pendingTargets(companyId, 'collections.sendReminder')
      ),
    'hygiene.get': async ({ companyId }) => services.company.hygiene(companyId),
    'digest.get': async ({ companyId, weekEnd }) => {
      // A week still under way is composed live (decisions keep coming); a finished one is the
      // digest the job made (the latest if none is named), or composed if the job never made it.
      const today = companyToday(ctx.clock)
      if (weekEnd !== undefined && weekEnd >= today) return services.digest.compose(companyId, weekEnd)
      const stored = await storedDigest(db, companyId, weekEnd)
      if (stored) return stored
      const settings = await readSettings(db)
      return services.digest.compose(companyId, weekEnd ?? digestWeekEnd(today, settings.digestWeekday))
    },
    'scenarios.evaluate': async ({ companyId, changes }) => services.company.scenario(companyId, changes),
    'accounts.list': async ({ companyId }) => services.company.accounts(companyId),
    'bills.pay': (input) => payBills(services.actions, input),
    'bills.schedule': async (input) => {
      await scheduleBill(services.actions, input)
      const row = services.company.bills(input.companyId).find((b) => b.id === input.billId)
      if (!row) throw new AppError('not-found', 'the bill is no longer open', { field: 'billId' })
      return row
    },
    'collections.sendReminder': (input) => sendReminder(services.actions, input),
    'reserves.list': ({ companyId }) => listReserves(services.actions, companyId),
    'reserves.set': (input) => setReserve(services.actions, input),
    'reserves.remove': (input) => removeReserve(services.actions, input),
    'vendors.setCritical': (input) => setVendorCritical(services.actions, input),
    'outbox.list': (input) => services.outbox.list(input?.companyId),
    'outbox.dismiss': async ({ id }) => {
      if (!(await services.outbox.dismiss(id)))
        throw new AppError('not-found', 'no finished outbox entry with that id', { field: 'id' })
      return { dismissed: true as const }
    },
    'sync.now': (input) => services.sync.syncNow(input?.companyId),
    'sync.status': ({ companyId }) => services.sync.status(companyId),
    'settings.get': () => readSettings(db),
    'settings.set': async (patch) => {
      const now = ctx.clock.now().toISOString()
      const settings = await db.transaction().execute(async (trx) => {
        await writeSettings(trx, patch, now)
        return readSettings(trx)
      })
      ctx.events.emit('settings.changed', settings)
      return settings
    },
    'activity.list': (input) => listActivity(db, input ?? {})
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
