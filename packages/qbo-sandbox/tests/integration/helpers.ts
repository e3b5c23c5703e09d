// Shared plumbing for the sandbox tests: a tiny hand-made company whose every balance a test can
// reason about, an OAuth connection through the real endpoints, and thin HTTP helpers.

import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/index'
import { formatQboTime } from '../../src/time'
import { ENTITY_NAMES, type EntityName, type QboRecord, type RealmData } from '../../src/types'

export const REALM = '9130350000000001'
export const OTHER_REALM = '9130350000000002'
export const REDIRECT = 'http://127.0.0.1:9/callback'
export const T0 = Date.parse('2025-06-16T17:00:00Z')

export const IDS = {
  checking: '1',
  card: '2',
  payable: '3',
  receivable: '4',
  undeposited: '5',
  supplies: '6',
  sales: '7',
  net30: '8',
  net15: '9',
  acme: '10',
  bay: '11',
  cedar: '12',
  dune: '13'
} as const

/** A company with accounts, terms and names but no transactions: every balance starts known. */
export function tinyRealm(nowMs = T0, realmId = REALM, companyName = 'Tiny Test Co'): RealmData {
  const stamp = formatQboTime(nowMs)
  const entities = Object.fromEntries(
    ENTITY_NAMES.map((e) => [e, new Map<string, QboRecord>()])
  ) as RealmData['entities']
  const add = (entity: EntityName, fields: Record<string, unknown>): void => {
    const rec = {
      domain: 'QBO',
      sparse: false,
      SyncToken: '0',
      MetaData: { CreateTime: stamp, LastUpdatedTime: stamp },
      ...fields
    } as unknown as QboRecord
    entities[entity].set(rec.Id, rec)
  }
  const account = (
    Id: string,
    Name: string,
    AccountType: string,
    AccountSubType: string,
    Classification: string,
    balance = 0
  ): void =>
    add('Account', {
      Id,
      Name,
      FullyQualifiedName: Name,
      AccountType,
      AccountSubType,
      Classification,
      SubAccount: false,
      Active: true,
      CurrentBalance: balance,
      CurrentBalanceWithSubAccounts: balance,
      CurrencyRef: { value: 'USD', name: 'United States Dollar' }
    })
  account(IDS.checking, 'Checking', 'Bank', 'Checking', 'Asset', 10000)
  account(IDS.card, 'Business Card', 'Credit Card', 'CreditCard', 'Liability', 0)
  account(IDS.payable, 'Accounts Payable (A/P)', 'Accounts Payable', 'AccountsPayable', 'Liability', 0)
  account(
    IDS.receivable,
    'Accounts Receivable (A/R)',
    'Accounts Receivable',
    'AccountsReceivable',
    'Asset',
    0
  )
  account(IDS.undeposited, 'Undeposited Funds', 'Other Current Asset', 'UndepositedFunds', 'Asset', 0)
  account(IDS.supplies, 'Office Supplies', 'Expense', 'OfficeGeneralAdministrativeExpenses', 'Expense', 0)
  account(IDS.sales, 'Sales', 'Income', 'SalesOfProductIncome', 'Revenue', 0)
  add('Term', {
    Id: IDS.net30,
    Name: 'Net 30',
    Type: 'STANDARD',
    DueDays: 30,
    Active: true,
    DiscountPercent: 0,
    DiscountDays: 0
  })
  add('Term', {
    Id: IDS.net15,
    Name: 'Net 15',
    Type: 'STANDARD',
    DueDays: 15,
    Active: true,
    DiscountPercent: 0,
    DiscountDays: 0
  })
  const vendor = (Id: string, DisplayName: string): void =>
    add('Vendor', {
      Id,
      DisplayName,
      PrintOnCheckName: DisplayName,
      Active: true,
      Vendor1099: false,
      Balance: 0,
      CurrencyRef: { value: 'USD', name: 'United States Dollar' }
    })
  vendor(IDS.acme, 'Acme Supplies')
  vendor(IDS.bay, 'Bay Utilities')
  const customer = (Id: string, DisplayName: string, email?: string): void =>
    add('Customer', {
      Id,
      DisplayName,
      FullyQualifiedName: DisplayName,
      PrintOnCheckName: DisplayName,
      Active: true,
      Job: false,
      BillWithParent: false,
      Balance: 0,
      BalanceWithJobs: 0,
      CurrencyRef: { value: 'USD', name: 'United States Dollar' },
      ...(email ? { PrimaryEmailAddr: { Address: email } } : {})
    })
  customer(IDS.cedar, 'Cedar Cafe', 'accounts@cedar.example')
  customer(IDS.dune, 'Dune Design')
  return { realmId, companyName, entities, deletions: [], nextId: 100 }
}

export interface TestClock {
  now: () => number
  set(ms: number): void
  advance(ms: number): void
}

export function testClock(start = T0): TestClock {
  let t = start
  return { now: () => t, set: (ms) => (t = ms), advance: (ms) => (t += ms) }
}

export async function startTiny(opts: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({
    realms: [tinyRealm(opts.clock?.() ?? T0), tinyRealm(opts.clock?.() ?? T0, OTHER_REALM, 'Other Test Co')],
    ...opts
  })
}

export const basic = (sb: Sandbox): string =>
  'Basic ' + Buffer.from(`${sb.info.oauth.clientId}:${sb.info.oauth.clientSecret}`).toString('base64')

export interface Tokens {
  access_token: string
  refresh_token: string
  [k: string]: unknown
}

export async function authorizeCode(
  sb: Sandbox,
  realmId = REALM,
  scope = 'com.intuit.quickbooks.accounting',
  state = 'st-1'
): Promise<string> {
  const u = new URL(sb.info.oauth.authorizeUrl)
  u.search = new URLSearchParams({
    client_id: sb.info.oauth.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope,
    state,
    auto_consent: realmId
  }).toString()
  const res = await fetch(u, { redirect: 'manual' })
  if (res.status !== 302) throw new Error(`authorize answered ${res.status}: ${await res.text()}`)
  const loc = new URL(res.headers.get('location')!)
  return loc.searchParams.get('code')!
}

export async function tokenRequest(
  sb: Sandbox,
  form: Record<string, string>,
  headers: Record<string, string> = {}
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(sb.info.oauth.tokenUrl, {
    method: 'POST',
    headers: {
      authorization: basic(sb),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      ...headers
    },
    body: new URLSearchParams(form).toString()
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

export async function connect(sb: Sandbox, realmId = REALM): Promise<Tokens> {
  const code = await authorizeCode(sb, realmId)
  const { status, body } = await tokenRequest(sb, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT
  })
  if (status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(body)}`)
  return body as Tokens
}

/** Response JSON as the tests read it: untyped on purpose, the assertions check its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any

export interface Reply {
  status: number
  headers: Headers
  text: string
  json: Loose
}

/** A call to /v3/company/{realm}{path}; `body` objects go as JSON, strings as they are. */
export async function api(
  sb: Sandbox,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  opts: { realmId?: string; headers?: Record<string, string> } = {}
): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers }
  if (token) headers.authorization = `Bearer ${token}`
  let payload: string | undefined
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body)
    headers['content-type'] ??= typeof body === 'string' ? 'application/text' : 'application/json'
  }
  const res = await fetch(`${sb.url}/v3/company/${opts.realmId ?? REALM}${path}`, {
    method,
    headers,
    body: payload
  })
  const text = await res.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

export async function control(
  sb: Sandbox,
  method: string,
  path: string,
  body?: unknown
): Promise<{ status: number; json: Loose }> {
  const res = await fetch(`${sb.url}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  return { status: res.status, json: text ? JSON.parse(text) : undefined }
}

export async function entity(sb: Sandbox, name: EntityName, id: string, realmId = REALM): Promise<QboRecord> {
  const r = await control(sb, 'GET', `/realms/${realmId}/entities/${name}/${id}`)
  if (r.status !== 200) throw new Error(`${name} ${id}: ${JSON.stringify(r.json)}`)
  return r.json.record as QboRecord
}

export const q = (text: string): string => `/query?query=${encodeURIComponent(text)}&minorversion=75`

export function billBody(
  amount: number,
  vendor: string = IDS.acme,
  extra: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    VendorRef: { value: vendor },
    Line: [
      {
        DetailType: 'AccountBasedExpenseLineDetail',
        Amount: amount,
        AccountBasedExpenseLineDetail: { AccountRef: { value: IDS.supplies } }
      }
    ],
    ...extra
  }
}

export function invoiceBody(
  amount: number,
  customer: string = IDS.cedar,
  extra: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    CustomerRef: { value: customer },
    Line: [
      {
        DetailType: 'SalesItemLineDetail',
        Amount: amount,
        SalesItemLineDetail: { ItemRef: { value: '1', name: 'Services' } }
      }
    ],
    ...extra
  }
}

export function checkPayment(
  bills: [string, number][],
  total?: number,
  bank: string = IDS.checking
): Record<string, unknown> {
  const sum = bills.reduce((s, [, a]) => s + a, 0)
  return {
    VendorRef: { value: IDS.acme },
    PayType: 'Check',
    CheckPayment: { BankAccountRef: { value: bank } },
    TotalAmt: total ?? sum,
    Line: bills.map(([id, amount]) => ({ Amount: amount, LinkedTxn: [{ TxnId: id, TxnType: 'Bill' }] }))
  }
}
