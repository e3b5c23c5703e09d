// Writes one company's records the way QuickBooks Online shapes them, and keeps the running
// numbers the simulation needs (open balances, bank balances) in integer cents as it goes.

import { ENTITY_NAMES, type EntityName, type QboRecord, type RealmData } from '../types'
import { formatDay, pacificMillis, pacificStamp } from './calendar'
import { toMoney } from '../money'
import type { Rng } from './prng'

export type Ref = { value: string; name?: string }

export const USD = { name: 'United States Dollar', value: 'USD' } as const

export function emptyEntities(): Record<EntityName, Map<string, QboRecord>> {
  const entities = {} as Record<EntityName, Map<string, QboRecord>>
  for (const name of ENTITY_NAMES) entities[name] = new Map()
  return entities
}

const CLASSIFICATION: Record<string, string> = {
  Bank: 'Asset',
  'Accounts Receivable': 'Asset',
  'Other Current Asset': 'Asset',
  'Fixed Asset': 'Asset',
  'Other Asset': 'Asset',
  'Credit Card': 'Liability',
  'Accounts Payable': 'Liability',
  'Other Current Liability': 'Liability',
  'Long Term Liability': 'Liability',
  Equity: 'Equity',
  Income: 'Revenue',
  'Other Income': 'Revenue',
  Expense: 'Expense',
  'Other Expense': 'Expense',
  'Cost of Goods Sold': 'Expense'
}

export interface AccountSpec {
  name: string
  type: string
  subtype: string
  parent?: QboRecord
  acctNum?: string
  description?: string
}

export interface Address {
  Line1: string
  City: string
  CountrySubDivisionCode: string
  PostalCode: string
}

export interface ExpenseLine {
  account: QboRecord
  cents: number
  description?: string
}

export interface SalesLine {
  item: Item
  qty: number
  rateCents: number
  description?: string
}

/** Items live outside the sandbox's entity list; invoices still reference them as QBO does. */
export interface Item {
  id: string
  name: string
  account: QboRecord
}

export interface BillState {
  rec: QboRecord
  vendor: QboRecord
  openCents: number
  txnDay: number
  dueDay: number | undefined
}

export interface InvoiceState {
  rec: QboRecord
  customer: QboRecord
  openCents: number
  txnDay: number
  dueDay: number
}

export interface PaymentState {
  rec: QboRecord
  totalCents: number
  day: number
}

/**
 * Hands out creation timestamps in Id order: each record of a day is created a little after the
 * previous one, starting in the morning, so CreateTime never runs backwards against Id.
 */
class Clock {
  private day = Number.NEGATIVE_INFINITY
  private second = 0
  constructor(
    private readonly rng: Rng,
    private readonly stepRange: [number, number],
    private readonly nowMs: number,
    private readonly nowStamp: string
  ) {}

  tick(day: number): string {
    if (day !== this.day) {
      this.day = day
      this.second = 8 * 3600 + this.rng.int(0, 45 * 60)
    } else {
      this.second = Math.min(86_399, this.second + this.rng.int(this.stepRange[0], this.stepRange[1]))
    }
    // Nothing is created after "now", however the caller's today and now relate.
    if (pacificMillis(day, this.second) > this.nowMs) return this.nowStamp
    return pacificStamp(day, this.second)
  }
}

export interface BookOptions {
  realmId: string
  companyName: string
  rng: Rng
  nowMs: number
  nowStamp: string
  multiCurrency: boolean
  /** Seconds between consecutive records of a day. */
  clockStep: [number, number]
}

export class Book {
  readonly realm: RealmData
  readonly rng: Rng
  private readonly clock: Clock
  private readonly multiCurrency: boolean

  ar!: QboRecord
  ap!: QboRecord
  undeposited!: QboRecord

  /** Running balances of bank and card accounts without their opening balances, in cents. */
  readonly cashCents = new Map<string, number>()
  /** Lowest end-of-day running balance seen per bank account (opening balance excluded). */
  readonly lowCents = new Map<string, number>()
  /** Bank outflows as [day, cents], for a burn rate. */
  readonly outflows: Array<[number, number]> = []

  readonly bills = new Map<string, BillState>()
  readonly invoices = new Map<string, InvoiceState>()
  /** Payments sitting in Undeposited Funds, oldest first. */
  undepositedPayments: PaymentState[] = []

  private nextCheckNo = 1001
  private nextInvoiceNo = 1001

  constructor(opts: BookOptions) {
    this.rng = opts.rng
    this.multiCurrency = opts.multiCurrency
    this.clock = new Clock(opts.rng.fork('clock'), opts.clockStep, opts.nowMs, opts.nowStamp)
    this.realm = {
      realmId: opts.realmId,
      companyName: opts.companyName,
      entities: emptyEntities(),
      deletions: [],
      nextId: 1
    }
  }

  newId(): string {
    return String(this.realm.nextId++)
  }

  stamp(day: number): string {
    return this.clock.tick(day)
  }

  private store(entity: EntityName, body: Record<string, unknown>, day: number): QboRecord {
    const id = this.newId()
    const at = this.stamp(day)
    const rec = {
      ...body,
      domain: 'QBO',
      sparse: false,
      Id: id,
      SyncToken: '0',
      MetaData: { CreateTime: at, LastUpdatedTime: at }
    } as QboRecord
    this.realm.entities[entity].set(id, rec)
    return rec
  }

  /** A later edit of a record: SyncToken up, LastUpdatedTime moved. */
  touch(rec: QboRecord, at: string): void {
    rec.SyncToken = String(Number(rec.SyncToken) + 1)
    rec.MetaData.LastUpdatedTime = at
  }

  private currency(): Record<string, unknown> {
    return this.multiCurrency ? { CurrencyRef: { ...USD }, ExchangeRate: 1 } : { CurrencyRef: { ...USD } }
  }

  ref(rec: QboRecord): Ref {
    const name = rec.FullyQualifiedName ?? rec.DisplayName ?? rec.Name
    return typeof name === 'string' ? { value: rec.Id, name } : { value: rec.Id }
  }

  address(a: Address): Record<string, unknown> {
    return { Id: this.newId(), ...a }
  }

  // --- setup ------------------------------------------------------------------------------

  companyInfo(body: Record<string, unknown>, day: number): QboRecord {
    return this.store('CompanyInfo', body, day)
  }

  preferences(body: Record<string, unknown>, day: number): QboRecord {
    return this.store('Preferences', body, day)
  }

  account(spec: AccountSpec, day: number): QboRecord {
    const classification = CLASSIFICATION[spec.type]
    if (!classification) throw new Error(`unknown account type ${spec.type}`)
    const parentName = spec.parent ? String(spec.parent.FullyQualifiedName) : undefined
    const body: Record<string, unknown> = {
      FullyQualifiedName: parentName ? `${parentName}:${spec.name}` : spec.name,
      Name: spec.name,
      Classification: classification,
      AccountSubType: spec.subtype,
      CurrencyRef: { ...USD },
      CurrentBalanceWithSubAccounts: 0,
      AccountType: spec.type,
      CurrentBalance: 0,
      Active: true,
      SubAccount: spec.parent !== undefined
    }
    if (spec.parent) body.ParentRef = { value: spec.parent.Id }
    if (spec.acctNum) body.AcctNum = spec.acctNum
    if (spec.description) body.Description = spec.description
    const rec = this.store('Account', body, day)
    if (spec.type === 'Bank' || spec.type === 'Credit Card') this.cashCents.set(rec.Id, 0)
    if (spec.type === 'Bank') this.lowCents.set(rec.Id, 0)
    return rec
  }

  term(name: string, dueDays: number, day: number): QboRecord {
    return this.store(
      'Term',
      { Name: name, Active: true, Type: 'STANDARD', DueDays: dueDays, DiscountPercent: 0, DiscountDays: 0 },
      day
    )
  }

  vendor(body: Record<string, unknown>, day: number): QboRecord {
    return this.store('Vendor', { ...body, Active: true, Balance: 0 }, day)
  }

  customer(body: Record<string, unknown>, day: number): QboRecord {
    return this.store(
      'Customer',
      {
        Taxable: false,
        Job: false,
        BillWithParent: false,
        Balance: 0,
        BalanceWithJobs: 0,
        CurrencyRef: { ...USD },
        IsProject: false,
        ...body,
        Active: true
      },
      day
    )
  }

  // --- money movements ----------------------------------------------------------------------

  private moveCash(accountId: string, cents: number, day: number): void {
    const cur = this.cashCents.get(accountId)
    if (cur === undefined) return
    this.cashCents.set(accountId, cur + cents)
    if (cents < 0 && this.lowCents.has(accountId)) this.outflows.push([day, -cents])
  }

  /** Called after each simulated day so the low-water marks reflect end-of-day balances. */
  endOfDay(): void {
    for (const [id, low] of this.lowCents) {
      const cur = this.cashCents.get(id) ?? 0
      if (cur < low) this.lowCents.set(id, cur)
    }
  }

  private expenseLines(ls: ExpenseLine[]): Record<string, unknown>[] {
    return ls.map((l, i) => {
      const line: Record<string, unknown> = {
        Id: String(i + 1),
        DetailType: 'AccountBasedExpenseLineDetail',
        Amount: toMoney(l.cents),
        AccountBasedExpenseLineDetail: {
          AccountRef: this.ref(l.account),
          BillableStatus: 'NotBillable',
          TaxCodeRef: { value: 'NON' }
        }
      }
      if (l.description) line.Description = l.description
      return line
    })
  }

  private salesLines(ls: SalesLine[]): { lines: Record<string, unknown>[]; total: number } {
    let total = 0
    const lines: Record<string, unknown>[] = ls.map((l, i) => {
      const amount = l.qty * l.rateCents
      total += amount
      const line: Record<string, unknown> = {
        Id: String(i + 1),
        LineNum: i + 1,
        Amount: toMoney(amount),
        DetailType: 'SalesItemLineDetail',
        SalesItemLineDetail: {
          ItemRef: { value: l.item.id, name: l.item.name },
          UnitPrice: toMoney(l.rateCents),
          Qty: l.qty,
          ItemAccountRef: this.ref(l.item.account),
          TaxCodeRef: { value: 'NON' }
        }
      }
      if (l.description) line.Description = l.description
      return line
    })
    // QuickBooks appends a subtotal line to sales forms; a client summing every line double counts.
    lines.push({ Amount: toMoney(total), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} })
    return { lines, total }
  }

  bill(args: {
    vendor: QboRecord
    day: number
    lines: ExpenseLine[]
    term?: QboRecord
    /** Without a term: true leaves DueDate out entirely, as bills keyed in from a photo often are. */
    noDueDate?: boolean
    docNumber?: string
    memo?: string
  }): BillState {
    const total = args.lines.reduce((s, l) => s + l.cents, 0)
    let dueDay: number | undefined
    const body: Record<string, unknown> = {
      APAccountRef: this.ref(this.ap),
      VendorRef: this.ref(args.vendor),
      TxnDate: formatDay(args.day),
      TotalAmt: toMoney(total),
      ...this.currency()
    }
    if (args.term) {
      body.SalesTermRef = { value: args.term.Id }
      dueDay = args.day + Number(args.term.DueDays)
    } else if (!args.noDueDate) {
      dueDay = args.day
    }
    if (dueDay !== undefined) body.DueDate = formatDay(dueDay)
    if (args.docNumber) body.DocNumber = args.docNumber
    if (args.memo) body.PrivateNote = args.memo
    body.Line = this.expenseLines(args.lines)
    body.Balance = toMoney(total)
    const rec = this.store('Bill', body, args.day)
    const st: BillState = { rec, vendor: args.vendor, openCents: total, txnDay: args.day, dueDay }
    this.bills.set(rec.Id, st)
    return st
  }

  billPayment(args: {
    vendor: QboRecord
    day: number
    pays: Array<{ bill: BillState; cents: number }>
    from: QboRecord
    /** A printed check gets a number; an ACH or online payment does not. */
    check?: boolean
  }): QboRecord {
    const total = args.pays.reduce((s, p) => s + p.cents, 0)
    const byCard = args.from.AccountType === 'Credit Card'
    const body: Record<string, unknown> = {
      VendorRef: this.ref(args.vendor),
      PayType: byCard ? 'CreditCard' : 'Check',
      TotalAmt: toMoney(total),
      TxnDate: formatDay(args.day),
      ...this.currency(),
      APAccountRef: this.ref(this.ap)
    }
    if (byCard) body.CreditCardPayment = { CCAccountRef: this.ref(args.from) }
    else {
      body.CheckPayment = {
        BankAccountRef: this.ref(args.from),
        PrintStatus: args.check ? 'PrintComplete' : 'NotSet'
      }
      if (args.check) body.DocNumber = String(this.nextCheckNo++)
    }
    body.Line = args.pays.map((p) => ({
      Amount: toMoney(p.cents),
      LinkedTxn: [{ TxnId: p.bill.rec.Id, TxnType: 'Bill' }]
    }))
    const rec = this.store('BillPayment', body, args.day)
    const linkType = byCard ? 'BillPaymentCreditCard' : 'BillPaymentCheck'
    for (const p of args.pays) {
      if (p.cents <= 0 || p.cents > p.bill.openCents) throw new Error('bill payment exceeds the open balance')
      p.bill.openCents -= p.cents
      const b = p.bill.rec
      b.Balance = toMoney(p.bill.openCents)
      const linked = (b.LinkedTxn as unknown[] | undefined) ?? []
      b.LinkedTxn = [...linked, { TxnId: rec.Id, TxnType: linkType }]
      this.touch(b, rec.MetaData.CreateTime)
    }
    if (byCard) this.moveCash(args.from.Id, total, args.day)
    else this.moveCash(args.from.Id, -total, args.day)
    return rec
  }

  invoice(args: {
    customer: QboRecord
    day: number
    lines: SalesLine[]
    term: QboRecord
    emailStatus: 'NotSet' | 'NeedToSend' | 'EmailSent'
    memo?: string
  }): InvoiceState {
    const { lines, total } = this.salesLines(args.lines)
    const dueDay = args.day + Number(args.term.DueDays)
    const email = (args.customer.PrimaryEmailAddr as { Address?: string } | undefined)?.Address
    const body: Record<string, unknown> = {
      AllowIPNPayment: false,
      AllowOnlinePayment: false,
      AllowOnlineCreditCardPayment: false,
      AllowOnlineACHPayment: false,
      CustomField: [],
      DocNumber: String(this.nextInvoiceNo++),
      TxnDate: formatDay(args.day),
      ...this.currency(),
      LinkedTxn: [],
      Line: lines,
      TxnTaxDetail: { TotalTax: 0 },
      CustomerRef: this.ref(args.customer),
      SalesTermRef: { value: args.term.Id, name: String(args.term.Name) },
      DueDate: formatDay(dueDay),
      TotalAmt: toMoney(total),
      ApplyTaxAfterDiscount: false,
      PrintStatus: 'NotSet',
      EmailStatus: args.emailStatus,
      Balance: toMoney(total),
      Deposit: 0
    }
    if (args.customer.BillAddr) body.BillAddr = { ...(args.customer.BillAddr as object) }
    if (email) body.BillEmail = { Address: email }
    if (args.memo) body.CustomerMemo = { value: args.memo }
    const rec = this.store('Invoice', body, args.day)
    if (args.emailStatus === 'EmailSent') {
      rec.DeliveryInfo = { DeliveryType: 'Email', DeliveryTime: rec.MetaData.CreateTime }
    }
    const st: InvoiceState = { rec, customer: args.customer, openCents: total, txnDay: args.day, dueDay }
    this.invoices.set(rec.Id, st)
    return st
  }

  payment(args: {
    customer: QboRecord
    day: number
    applies: Array<{ invoice: InvoiceState; cents: number }>
    unappliedCents?: number
    /** A bank account for money that lands directly, else Undeposited Funds. */
    depositTo?: QboRecord
    refNum?: string
  }): PaymentState {
    const applied = args.applies.reduce((s, a) => s + a.cents, 0)
    const unapplied = args.unappliedCents ?? 0
    const total = applied + unapplied
    const to = args.depositTo ?? this.undeposited
    const body: Record<string, unknown> = {
      CustomerRef: this.ref(args.customer),
      DepositToAccountRef: { value: to.Id },
      TotalAmt: toMoney(total),
      UnappliedAmt: toMoney(unapplied),
      ProcessPayment: false,
      TxnDate: formatDay(args.day),
      ...this.currency(),
      ARAccountRef: { value: this.ar.Id }
    }
    if (args.refNum) body.PaymentRefNum = args.refNum
    body.Line = args.applies.map((a) => ({
      Amount: toMoney(a.cents),
      LinkedTxn: [{ TxnId: a.invoice.rec.Id, TxnType: 'Invoice' }]
    }))
    const rec = this.store('Payment', body, args.day)
    for (const a of args.applies) {
      if (a.cents <= 0 || a.cents > a.invoice.openCents) throw new Error('payment exceeds the open balance')
      a.invoice.openCents -= a.cents
      const inv = a.invoice.rec
      inv.Balance = toMoney(a.invoice.openCents)
      inv.LinkedTxn = [...(inv.LinkedTxn as unknown[]), { TxnId: rec.Id, TxnType: 'Payment' }]
      this.touch(inv, rec.MetaData.CreateTime)
    }
    const st: PaymentState = { rec, totalCents: total, day: args.day }
    if (args.depositTo) this.moveCash(args.depositTo.Id, total, args.day)
    else this.undepositedPayments.push(st)
    return st
  }

  deposit(args: {
    to: QboRecord
    day: number
    payments?: PaymentState[]
    other?: Array<{ account: QboRecord; cents: number; description?: string }>
    memo?: string
  }): QboRecord {
    const pays = args.payments ?? []
    const other = args.other ?? []
    const lines: Record<string, unknown>[] = []
    let total = 0
    for (const p of pays) {
      total += p.totalCents
      lines.push({
        Id: String(lines.length + 1),
        LineNum: lines.length + 1,
        Amount: toMoney(p.totalCents),
        LinkedTxn: [{ TxnId: p.rec.Id, TxnType: 'Payment', TxnLineId: '0' }]
      })
    }
    for (const o of other) {
      total += o.cents
      const line: Record<string, unknown> = {
        Id: String(lines.length + 1),
        LineNum: lines.length + 1,
        Amount: toMoney(o.cents),
        DetailType: 'DepositLineDetail',
        DepositLineDetail: { AccountRef: this.ref(o.account) }
      }
      if (o.description) line.Description = o.description
      lines.push(line)
    }
    const body: Record<string, unknown> = {
      DepositToAccountRef: this.ref(args.to),
      TxnDate: formatDay(args.day),
      TotalAmt: toMoney(total),
      ...this.currency(),
      Line: lines
    }
    if (args.memo) body.PrivateNote = args.memo
    const rec = this.store('Deposit', body, args.day)
    if (pays.length > 0) {
      const gone = new Set(pays)
      this.undepositedPayments = this.undepositedPayments.filter((p) => !gone.has(p))
    }
    this.moveCash(args.to.Id, total, args.day)
    return rec
  }

  purchase(args: {
    from: QboRecord
    day: number
    vendor?: QboRecord
    lines: ExpenseLine[]
    /** Bank purchases: a numbered check, or an electronic debit (QuickBooks' "Cash" expense). */
    check?: boolean
    memo?: string
  }): QboRecord {
    const total = args.lines.reduce((s, l) => s + l.cents, 0)
    const byCard = args.from.AccountType === 'Credit Card'
    const body: Record<string, unknown> = {
      AccountRef: this.ref(args.from),
      PaymentType: byCard ? 'CreditCard' : args.check ? 'Check' : 'Cash',
      TotalAmt: toMoney(total),
      TxnDate: formatDay(args.day),
      ...this.currency()
    }
    if (byCard) body.Credit = false
    if (args.check) {
      body.DocNumber = String(this.nextCheckNo++)
      body.PrintStatus = 'PrintComplete'
    }
    if (args.vendor) body.EntityRef = { ...this.ref(args.vendor), type: 'Vendor' }
    if (args.memo) body.PrivateNote = args.memo
    body.Line = this.expenseLines(args.lines)
    const rec = this.store('Purchase', body, args.day)
    this.moveCash(args.from.Id, byCard ? total : -total, args.day)
    // A line posted to a card or bank account moves that account too (paying the card by check).
    for (const l of args.lines) {
      if (l.account.AccountType === 'Credit Card') this.moveCash(l.account.Id, -l.cents, args.day)
      else if (l.account.AccountType === 'Bank') this.moveCash(l.account.Id, l.cents, args.day)
    }
    return rec
  }

  vendorCredit(args: {
    vendor: QboRecord
    day: number
    lines: ExpenseLine[]
    docNumber?: string
    memo?: string
  }): QboRecord {
    const total = args.lines.reduce((s, l) => s + l.cents, 0)
    const body: Record<string, unknown> = {
      VendorRef: this.ref(args.vendor),
      APAccountRef: this.ref(this.ap),
      TxnDate: formatDay(args.day),
      TotalAmt: toMoney(total),
      ...this.currency(),
      Line: this.expenseLines(args.lines),
      Balance: toMoney(total)
    }
    if (args.docNumber) body.DocNumber = args.docNumber
    if (args.memo) body.PrivateNote = args.memo
    return this.store('VendorCredit', body, args.day)
  }

  creditMemo(args: { customer: QboRecord; day: number; lines: SalesLine[]; memo?: string }): QboRecord {
    const { lines, total } = this.salesLines(args.lines)
    const email = (args.customer.PrimaryEmailAddr as { Address?: string } | undefined)?.Address
    const body: Record<string, unknown> = {
      CustomField: [],
      DocNumber: String(this.nextInvoiceNo++),
      TxnDate: formatDay(args.day),
      ...this.currency(),
      Line: lines,
      TxnTaxDetail: { TotalTax: 0 },
      CustomerRef: this.ref(args.customer),
      TotalAmt: toMoney(total),
      ApplyTaxAfterDiscount: false,
      PrintStatus: 'NotSet',
      EmailStatus: email ? 'EmailSent' : 'NotSet',
      Balance: toMoney(total),
      RemainingCredit: toMoney(total)
    }
    if (args.customer.BillAddr) body.BillAddr = { ...(args.customer.BillAddr as object) }
    if (email) body.BillEmail = { Address: email }
    if (args.memo) body.CustomerMemo = { value: args.memo }
    return this.store('CreditMemo', body, args.day)
  }
}
