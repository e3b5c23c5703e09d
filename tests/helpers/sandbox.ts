import { fixedClock } from '../../src/shared/dates'
import { createCore, type Core, type CoreOptions } from '../../src/main/core'
import {
  ENTITY_NAMES,
  startSandbox,
  type EntityName,
  type LogEntry,
  type QboRecord,
  type RealmData,
  type Sandbox,
  type SandboxOptions
} from '@runway/qbo-sandbox'
import { connect as connectTo } from './connect'
import { tempDir } from './temp'

export const START = '2026-11-26T15:00:00.000Z'

type Rec = Record<string, unknown>

/** A record as QBO keeps it: created and last updated at `stamp`, at SyncToken 0 unless `fields` say. */
export function qboRecord(Id: string, stamp: string, fields: Rec): QboRecord {
  return {
    Id,
    SyncToken: '0',
    domain: 'QBO',
    sparse: false,
    MetaData: { CreateTime: stamp, LastUpdatedTime: stamp },
    ...fields
  } as QboRecord
}

/** A small hand-made book, so tests can state exact expectations. */
export function tinyRealm(realmId = '9341453000000001', companyName = 'Tiny Test Books LLC'): RealmData {
  const entities = Object.fromEntries(
    ENTITY_NAMES.map((n) => [n, new Map<string, QboRecord>()])
  ) as RealmData['entities']
  const stamp = '2026-11-01T09:00:00-08:00'
  let next = 1
  const add = (entity: EntityName, fields: Rec): string => {
    const Id = String(next++)
    entities[entity].set(Id, qboRecord(Id, stamp, fields))
    return Id
  }
  const bank = add('Account', {
    Name: 'Checking',
    FullyQualifiedName: 'Checking',
    AccountType: 'Bank',
    AccountSubType: 'Checking',
    Classification: 'Asset',
    CurrentBalance: 25000,
    CurrentBalanceWithSubAccounts: 25000,
    Active: true,
    SubAccount: false,
    CurrencyRef: { value: 'USD', name: 'United States Dollar' }
  })
  add('Account', {
    Name: 'Accounts Payable (A/P)',
    FullyQualifiedName: 'Accounts Payable (A/P)',
    AccountType: 'Accounts Payable',
    AccountSubType: 'AccountsPayable',
    Classification: 'Liability',
    CurrentBalance: 0,
    CurrentBalanceWithSubAccounts: 0,
    Active: true,
    SubAccount: false,
    CurrencyRef: { value: 'USD', name: 'United States Dollar' }
  })
  const expense = add('Account', {
    Name: 'Office Expenses',
    FullyQualifiedName: 'Office Expenses',
    AccountType: 'Expense',
    AccountSubType: 'OfficeGeneralAdministrativeExpenses',
    Classification: 'Expense',
    CurrentBalance: 0,
    CurrentBalanceWithSubAccounts: 0,
    Active: true,
    SubAccount: false,
    CurrencyRef: { value: 'USD', name: 'United States Dollar' }
  })
  const vendors = ["O'Brien \\ Sons", 'Acme Supplies', 'Gusto Payroll'].map((name) =>
    add('Vendor', {
      DisplayName: name,
      CompanyName: name,
      PrintOnCheckName: name,
      Active: true,
      Balance: 0,
      Vendor1099: false
    })
  )
  add('Customer', {
    DisplayName: 'Blue Harbor Foods',
    Active: true,
    Balance: 0,
    PrimaryEmailAddr: { Address: 'ap@blueharbor.test' }
  })
  entities.CompanyInfo.set('1', qboRecord('1', stamp, { CompanyName: companyName, Country: 'US' }))
  return {
    realmId,
    companyName,
    entities,
    deletions: [],
    nextId: next,
    // ids of interest for tests
    ...({ ids: { bank, expense, vendors } } as object)
  } as RealmData
}

export function billBody(
  vendorId: string,
  expenseAccountId: string,
  amount: number,
  dueDate = '2026-12-10'
): Rec {
  return {
    VendorRef: { value: vendorId },
    TxnDate: '2026-11-20',
    DueDate: dueDate,
    Line: [
      {
        DetailType: 'AccountBasedExpenseLineDetail',
        Amount: amount,
        AccountBasedExpenseLineDetail: { AccountRef: { value: expenseAccountId } }
      }
    ]
  }
}

export interface World {
  sandbox: Sandbox
  core: Core
  clock: ReturnType<typeof fixedClock>
  dataDir: string
  realmId: string
  control<T = Rec>(method: string, path: string, body?: unknown): Promise<T>
  connect(realmId?: string): Promise<string>
  close(): Promise<void>
}

/** A clock that starts at `iso` and runs on in real time; `set` and `advance` move it as a fixed one. */
function runningClock(iso: string): ReturnType<typeof fixedClock> {
  let offset = Date.parse(iso) - Date.now()
  return {
    now: () => new Date(Date.now() + offset),
    set: (next) => {
      offset = Date.parse(next) - Date.now()
    },
    advance: (ms) => {
      offset += ms
    }
  }
}

/**
 * A sandbox and a core sharing one clock; the core's custom environment points at the sandbox. The
 * clock starts at START whatever day it is; `running` lets it tick (for tests that time requests).
 */
export async function world(
  opts: {
    sandbox?: SandboxOptions
    core?: Partial<CoreOptions>
    realms?: RealmData[]
    clock?: 'fixed' | 'running'
  } = {}
): Promise<World> {
  const clock = opts.clock === 'running' ? runningClock(START) : fixedClock(START)
  const realms = opts.realms ?? (opts.sandbox?.size ? undefined : [tinyRealm()])
  const sandbox = await startSandbox({
    clock: () => clock.now().getTime(),
    ...(realms ? { realms } : {}),
    ...opts.sandbox
  })
  const tmp = tempDir()
  const core = await createCore({
    dataDir: tmp.dir,
    host: 'cli',
    clock,
    qbo: { backoffBaseMs: 20, throttleWaitMs: 50, ...opts.core?.qbo },
    ...opts.core
  })
  const control = async <T = Rec>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${sandbox.url}/_sandbox${path}`, {
      method,
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }
        : {})
    })
    const text = await res.text()
    if (res.status >= 400) throw new Error(`control ${method} ${path}: ${res.status} ${text}`)
    return (text ? JSON.parse(text) : null) as T
  }
  const connect = (realmId = sandbox.info.realms[0]!.realmId): Promise<string> =>
    connectTo(core, sandbox.info, realmId, 'http://127.0.0.1:53682/qbo/callback')
  return {
    sandbox,
    core,
    clock,
    dataDir: tmp.dir,
    realmId: sandbox.info.realms[0]!.realmId,
    control,
    connect,
    close: async () => {
      await core.stop()
      await sandbox.close()
      tmp.cleanup()
    }
  }
}

export async function requestLog(w: World): Promise<LogEntry[]> {
  return (await w.control<{ entries: LogEntry[] }>('GET', '/log?limit=100000')).entries
}
