// Runs a company profile day by day from its first month to yesterday. Everything happens in date
// order (documents, then payments, then deposits within a day), so Ids, CreateTimes and TxnDates
// all increase together the way they do in a real QuickBooks company.

import type { QboRecord, RealmData } from '../types'
import {
  dayInMonth,
  formatDay,
  isBusinessDay,
  monthStart,
  nextBusinessDay,
  pacificStamp,
  partsOf,
  weekday
} from './calendar'
import { Book, type BillState, type InvoiceState, type Item, type SalesLine } from './book'
import {
  createCompanyInfo,
  createCoreAccounts,
  createPreferences,
  createTerms,
  MONTHS,
  type CompanyFacts
} from './company'
import { applyLedger } from './ledger'
import { roundTo, splitCents, toMoney } from '../money'
import type { CashTarget, CompanyProfile, CustomerSpec, Range, Stream, TermKey } from './profile'
import type { Rng } from './prng'

export interface SimulateInput {
  profile: CompanyProfile
  realmId: string
  rng: Rng
  /** First day not simulated (company-local today). */
  today: number
  nowMs: number
  nowStamp: string
  /**
   * From this day on the company draws from `rng` instead: what has not happened by then happens
   * another way. The open invoices' and bills' payments are drawn again, given that they have not
   * been made by that day; the rest of the month's documents, planned at its start, stay.
   * The forecast bench runs many branches of one day to learn what could happen next.
   */
  branch?: { day: number; rng: Rng }
}

type Action = () => void

/** Actions for one day, run in priority order: 0 documents, 1 receipts, 2 bill payments, 3 purchases, 4 deposits. */
class Schedule {
  private readonly days = new Map<number, Action[][]>()
  add(day: number, priority: number, action: Action): void {
    let slots = this.days.get(day)
    if (!slots) this.days.set(day, (slots = [[], [], [], [], []]))
    slots[priority]!.push(action)
  }
  run(day: number): void {
    const slots = this.days.get(day)
    if (!slots) return
    // Actions may schedule more work for later in the same day (a payroll bill is paid at once);
    // reading lengths live picks it up.
    for (const slot of slots) for (let i = 0; i < slot.length; i++) slot[i]!()
    this.days.delete(day)
  }
}

const mid = (r: Range): number => (r[0] + r[1]) / 2

/** Draws a branch makes for a payment day not before the branch before it gives up on it: an
 *  on-time payer's invoice a week past its window has no such day. */
const REDRAWS = 200

/** The first of `draw`'s days from `notBefore` on, or null when a draw says never; undefined when
 *  REDRAWS more draws give none. Without `notBefore`, one draw, as the history was made. */
function drawFrom(draw: () => number | null, notBefore = -Infinity): number | null | undefined {
  for (let tries = 0; tries <= REDRAWS; tries++) {
    const day = draw()
    if (day === null || day >= notBefore) return day
  }
  return undefined
}

/** Rough monthly spend of the streams, to size revenue against. */
function expectedMonthlySpend(streams: Stream[]): number {
  let total = 0
  for (const s of streams) {
    switch (s.kind) {
      case 'payroll':
        total += (s.grossCents * 1.0765 * 26) / 12
        break
      case 'monthlyBill':
      case 'cardMonthly':
      case 'bankMonthly':
        total += mid(s.cents)
        break
      case 'quarterlyBill':
        total += (mid(s.cents) * s.months.length) / 12
        break
      case 'quarterlyTax':
        total += mid(s.cents) / 3
        break
      case 'randomBills':
      case 'cardRandom':
        total += mid(s.perMonth) * mid(s.cents)
        break
    }
  }
  return total
}

export function simulateCompany(input: SimulateInput): RealmData {
  const { profile: p, rng } = input
  const book = new Book({
    realmId: input.realmId,
    companyName: p.companyName,
    rng: rng.fork('book'),
    nowMs: input.nowMs,
    nowStamp: input.nowStamp,
    multiCurrency: p.multiCurrency,
    clockStep: [p.clockStep[0], p.clockStep[1]]
  })
  const start = monthStart(input.today, -p.historyMonths)
  const end = input.today - 1
  const setup = start - 1

  // --- setup: company, chart of accounts, terms, names --------------------------------------
  const startParts = partsOf(start)
  const facts: CompanyFacts = {
    companyName: p.companyName,
    legalName: p.legalName,
    companyType: p.companyType,
    industry: p.industry,
    address: p.address,
    phone: p.phone,
    email: p.email,
    web: p.web,
    fiscalYearStartMonth: p.fiscalYearStartMonth,
    companyStartDate: formatDay(
      dayInMonth(startParts.y - p.companyStartYearsAgo, startParts.m, 1 + rng.int(0, 27))
    ),
    multiCurrency: p.multiCurrency
  }
  createCompanyInfo(book, facts, setup)

  const banks = p.banks.map((b) =>
    book.account({ name: b.name, type: 'Bank', subtype: b.subtype, acctNum: b.acctNum }, setup)
  )
  const operating = banks[0]
  if (!operating) throw new Error(`${p.key}: a company needs a bank account`)
  const card = book.account({ name: p.card.name, type: 'Credit Card', subtype: 'CreditCard' }, setup)
  const { equity } = createCoreAccounts(book, setup)
  const interest = book.account(
    { name: 'Interest Earned', type: 'Other Income', subtype: 'InterestEarned' },
    setup
  )
  const acct = new Map<string, QboRecord>()
  for (const a of p.accounts) {
    const parent = a.parent ? acct.get(a.parent) : undefined
    if (a.parent && !parent) throw new Error(`${p.key}: parent account ${a.parent} must come first`)
    acct.set(
      a.key,
      book.account({ name: a.name, type: a.type, subtype: a.subtype, parent, acctNum: a.acctNum }, setup)
    )
  }
  const account = (key: string): QboRecord => {
    const a = acct.get(key)
    if (!a) throw new Error(`${p.key}: no account ${key}`)
    return a
  }

  const terms = createTerms(book, setup)
  const term = (key: TermKey): QboRecord => terms.get(key)!
  createPreferences(book, facts, term('net30'), setup)

  // Items are not sandbox entities, but their Ids come from the same counter so no ref collides.
  const items = new Map<string, Item & { unit: 'hour' | 'fixed'; rateCents: number }>()
  for (const it of p.items) {
    items.set(it.key, {
      id: book.newId(),
      name: it.name,
      account: account(it.income),
      unit: it.unit,
      rateCents: it.rateCents
    })
  }

  const vendors = new Map<string, { rec: QboRecord; term?: QboRecord }>()
  for (const v of p.vendors) {
    const body: Record<string, unknown> = {
      DisplayName: v.displayName,
      PrintOnCheckName: v.companyName ?? v.displayName,
      Vendor1099: v.is1099 ?? false
    }
    if (v.companyName) body.CompanyName = v.companyName
    if (v.givenName) body.GivenName = v.givenName
    if (v.familyName) body.FamilyName = v.familyName
    if (v.email) body.PrimaryEmailAddr = { Address: v.email }
    if (v.phone) body.PrimaryPhone = { FreeFormNumber: v.phone }
    if (v.web) body.WebAddr = { URI: v.web }
    if (v.address) body.BillAddr = book.address(v.address)
    if (v.acctNum) body.AcctNum = v.acctNum
    if (v.term) body.TermRef = { value: term(v.term).Id }
    if (p.multiCurrency) body.CurrencyRef = { value: 'USD', name: 'United States Dollar' }
    const rec = book.vendor(body, setup)
    vendors.set(v.key, v.term ? { rec, term: term(v.term) } : { rec })
  }
  const vendor = (key: string): { rec: QboRecord; term?: QboRecord } => {
    const v = vendors.get(key)
    if (!v) throw new Error(`${p.key}: no vendor ${key}`)
    return v
  }

  const customers = new Map<string, { spec: CustomerSpec; rec: QboRecord }>()
  const customerById = new Map<string, { spec: CustomerSpec; rec: QboRecord }>()
  for (const c of p.customers) {
    const body: Record<string, unknown> = {
      DisplayName: c.displayName,
      FullyQualifiedName: c.displayName,
      PrintOnCheckName: c.companyName ?? c.displayName,
      PreferredDeliveryMethod: c.email ? 'Email' : 'Print',
      SalesTermRef: { value: term(c.term).Id }
    }
    if (c.companyName) body.CompanyName = c.companyName
    if (c.givenName) body.GivenName = c.givenName
    if (c.familyName) body.FamilyName = c.familyName
    if (c.email) body.PrimaryEmailAddr = { Address: c.email }
    if (c.phone) body.PrimaryPhone = { FreeFormNumber: c.phone }
    if (c.address) body.BillAddr = book.address(c.address)
    const entry = { spec: c, rec: book.customer(body, setup) }
    customers.set(c.key, entry)
    customerById.set(entry.rec.Id, entry)
  }

  // Some names were edited since they were set up (a phone number, an email), as in any real file.
  const editRng = rng.fork('edits')
  for (const rec of [...book.realm.entities.Vendor.values(), ...book.realm.entities.Customer.values()]) {
    if (!editRng.chance(0.2)) continue
    const day = start + editRng.int(0, Math.max(0, end - start))
    book.touch(rec, pacificStamp(day, 9 * 3600 + editRng.int(0, 8 * 3600)))
  }

  // Opening balances: one deposit per bank from Opening Balance Equity, sized once the history
  // is known (see "opening balances" at the end). Zero for now; the records are updated in place.
  const openings = banks.map((b) =>
    book.deposit({
      to: b,
      day: setup,
      other: [{ account: equity, cents: 0, description: 'Opening balance' }],
      memo: 'Opening balance'
    })
  )

  // --- the simulation -------------------------------------------------------------------------
  const sched = new Schedule()
  let sim = rng.fork('simulation')
  const spend = expectedMonthlySpend(p.streams)
  const seasonMean = p.revenue.seasonality.reduce((a, b) => a + b, 0) / p.revenue.seasonality.length
  const policy = p.billPolicy

  // Receipts and bill payments due on the same day are grouped per customer / vendor, as a
  // customer's single check covers several invoices and one bill payment settles several bills.
  const receipts = new Map<number, Map<string, Array<{ inv: InvoiceState; cents: number }>>>()
  const billPays = new Map<number, Map<string, Array<{ bill: BillState; cents: number }>>>()

  // Invoices with a receipt coming before today; the others are open at today whatever happens.
  const receiptPlanned = new Set<InvoiceState>()
  // The day of each invoice's first planned receipt: a branch draws a second half from it.
  const firstReceipt = new Map<InvoiceState, number>()
  const planReceipt = (day: number, inv: InvoiceState, cents: number): void => {
    if (day > end) return
    receiptPlanned.add(inv)
    if (!firstReceipt.has(inv)) firstReceipt.set(inv, day)
    let byCustomer = receipts.get(day)
    if (!byCustomer) {
      receipts.set(day, (byCustomer = new Map()))
      sched.add(day, 1, () => runReceipts(day))
    }
    const list = byCustomer.get(inv.customer.Id) ?? []
    list.push({ inv, cents })
    byCustomer.set(inv.customer.Id, list)
  }

  const runReceipts = (day: number): void => {
    const byCustomer = receipts.get(day)
    receipts.delete(day)
    if (!byCustomer) return
    for (const [customerId, list] of byCustomer) {
      const c = customerById.get(customerId)!
      const applies = list
        .map((x) => ({ invoice: x.inv, cents: Math.min(x.cents, x.inv.openCents) }))
        .filter((x) => x.cents > 0)
      if (applies.length === 0) continue
      book.payment({
        customer: c.rec,
        day,
        applies,
        depositTo: c.spec.direct ? operating : undefined,
        refNum: c.spec.direct ? undefined : String(sim.int(1000, 99999))
      })
    }
  }

  // The day of each bill's first planned payment, and whether the card pays it: a branch draws the
  // rest from it.
  const firstBillPay = new Map<BillState, number>()
  const billByCard = new Map<BillState, boolean>()
  // byCard: the bill is settled with the credit card (BillPaymentCreditCard), not from the bank.
  const planBillPay = (day: number, bill: BillState, cents: number, byCard: boolean): void => {
    if (day > end) return
    if (!firstBillPay.has(bill)) firstBillPay.set(bill, day)
    let byVendor = billPays.get(day)
    if (!byVendor) {
      billPays.set(day, (byVendor = new Map()))
      sched.add(day, 2, () => runBillPays(day))
    }
    const key = `${bill.vendor.Id}:${byCard ? 'card' : 'bank'}`
    const list = byVendor.get(key) ?? []
    list.push({ bill, cents })
    byVendor.set(key, list)
  }

  const runBillPays = (day: number): void => {
    const byVendor = billPays.get(day)
    billPays.delete(day)
    if (!byVendor) return
    for (const [key, list] of byVendor) {
      const pays = list
        .map((x) => ({ bill: x.bill, cents: Math.min(x.cents, x.bill.openCents) }))
        .filter((x) => x.cents > 0)
      if (pays.length === 0) continue
      const byCard = key.endsWith(':card')
      book.billPayment({
        vendor: pays[0]!.bill.vendor,
        day,
        pays,
        from: byCard ? card : operating,
        check: !byCard && sim.chance(policy.checkShare)
      })
    }
  }

  /** The day the company pays a bill (its first half), on its habits; null: it leaves it unpaid. */
  const billPayDay = (bill: BillState): number | null => {
    // A company short of cash keeps the lights on: rent, utilities, insurance, taxes and payroll
    // are paid, the suppliers wait.
    if (bill.txnDay > end - policy.unpaidRecentDays && sim.chance(policy.unpaidChance) && !isEssential(bill))
      return null
    const base = bill.dueDay ?? bill.txnDay + 20
    return nextBusinessDay(Math.max(bill.txnDay, base + sim.int(policy.delay[0], policy.delay[1])))
  }
  const billRestDay = (first: number): number => nextBusinessDay(first + sim.int(20, 40))

  /** Decides when (and whether) a bill gets paid, following the company's habits; a branch's
   *  redraw takes only days from `notBefore` on. */
  const scheduleBill = (
    bill: BillState,
    opts: { now?: boolean; byCard?: boolean } = {},
    notBefore?: number
  ): void => {
    const total = bill.openCents
    if (opts.now) {
      planBillPay(bill.txnDay, bill, total, false)
      return
    }
    const byCard = opts.byCard ?? false
    billByCard.set(bill, byCard)
    const day = drawFrom(() => billPayDay(bill), notBefore)
    if (day == null) return
    if (sim.chance(policy.partialChance) && total >= 200_00) {
      const first = roundTo(Math.floor(total / 2), 100)
      planBillPay(day, bill, first, byCard)
      planBillPay(billRestDay(day), bill, total - first, byCard)
    } else {
      planBillPay(day, bill, total, byCard)
    }
  }

  /** The day a customer pays an invoice (its first half), on the customer's habit; null: never. */
  const receiptDay = (inv: InvoiceState, spec: CustomerSpec): number | null => {
    const due = inv.dueDay
    const termDays = due - inv.txnDay
    let day: number
    switch (spec.habit) {
      case 'early':
        day = inv.txnDay + (termDays <= 5 ? sim.int(0, 3) : sim.int(2, termDays - 4))
        break
      case 'ontime':
        day = due + sim.int(-3, 3)
        break
      case 'late':
        day = due + sim.int(14, 26)
        break
      case 'verylate':
        if (sim.chance(0.12)) return null
        day = due + sim.int(40, 95)
        break
    }
    return nextBusinessDay(Math.max(day, inv.txnDay))
  }
  const secondHalfDay = (first: number): number => nextBusinessDay(first + sim.int(20, 45))

  /** Plans an invoice's money; a branch's redraw takes only days from `notBefore` on. */
  const scheduleInvoice = (inv: InvoiceState, spec: CustomerSpec, notBefore?: number): void => {
    const day = drawFrom(() => receiptDay(inv, spec), notBefore)
    if (day == null) return
    const total = inv.openCents
    if (spec.habit === 'verylate' && sim.chance(0.3) && total >= 500_00) {
      const first = roundTo(Math.floor(total / 2), 10_000)
      if (first < total) {
        planReceipt(day, inv, first)
        planReceipt(secondHalfDay(day), inv, total - first)
        return
      }
    }
    planReceipt(day, inv, total)
  }

  /** At a branch: the open bills' payments drawn again, each given that it has not been made yet. */
  const redrawBillPays = (day: number): void => {
    for (const planned of billPays.keys()) if (planned >= day) billPays.delete(planned)
    for (const bill of book.bills.values()) {
      const byCard = billByCard.get(bill)
      if (bill.openCents <= 0 || byCard === undefined) continue
      const first = firstBillPay.get(bill)
      if (first === undefined || first >= day) {
        firstBillPay.delete(bill)
        scheduleBill(bill, { byCard }, day)
        continue
      }
      const rest = drawFrom(() => billRestDay(first), day)
      if (rest != null) planBillPay(rest, bill, bill.openCents, byCard)
    }
  }

  /** At a branch: the open invoices' receipts drawn again, each given that it has not come yet. */
  const redrawReceipts = (day: number): void => {
    for (const planned of receipts.keys()) if (planned >= day) receipts.delete(planned)
    for (const inv of book.invoices.values()) {
      const spec = customerById.get(inv.customer.Id)?.spec
      if (inv.openCents <= 0 || !spec) continue
      const first = firstReceipt.get(inv)
      if (first === undefined || first >= day) {
        firstReceipt.delete(inv)
        scheduleInvoice(inv, spec, day)
        continue
      }
      // Its first half came: the rest follows it.
      const second = drawFrom(() => secondHalfDay(first), day)
      if (second != null) planReceipt(second, inv, inv.openCents)
    }
  }

  const amount = (r: Range): number => sim.int(r[0], r[1])

  /** A business day of the month, not after yesterday. */
  const someDay = (first: number, last: number): number | undefined => {
    const hi = Math.min(last, end)
    if (hi < first) return undefined
    for (let tries = 0; tries < 10; tries++) {
      const d = sim.int(first, hi)
      if (isBusinessDay(d)) return d
    }
    return undefined
  }

  const invoiceLines = (spec: CustomerSpec, target: number): SalesLine[] => {
    const n = Math.min(spec.items.length, sim.int(1, 3))
    const chosen: string[] = []
    while (chosen.length < n) {
      const k = sim.pick(spec.items)
      if (!chosen.includes(k)) chosen.push(k)
    }
    const parts = splitCents(
      target,
      chosen.map(() => sim.real(0.5, 1.5))
    )
    return chosen.map((k, i) => {
      const it = items.get(k)
      if (!it) throw new Error(`${p.key}: no item ${k}`)
      const part = parts[i]!
      if (it.unit === 'fixed') return { item: it, qty: 1, rateCents: roundTo(part, 5_000) }
      return { item: it, qty: Math.max(1, Math.round(part / it.rateCents)), rateCents: it.rateCents }
    })
  }

  // Paydays are every other Friday from the first weeks of the history on.
  const firstPayday = start + ((5 - weekday(start) + 7) % 7) + 7
  const paydays = new Map<Stream, number>()
  let statementCents = 0

  const planMonth = (m: number): void => {
    const first = monthStart(start, m)
    const last = monthStart(start, m + 1) - 1
    const { y, m: month } = partsOf(first)

    // Revenue.
    const season = (p.revenue.seasonality[month - 1] ?? 1) / seasonMean
    const revenue = spend * p.revenue.margin * season * Math.pow(p.revenue.trendPerMonth, m)
    const totalWeight = p.customers.reduce((s, c) => s + c.weight, 0)
    for (const { spec, rec } of customers.values()) {
      let budget = Math.round((revenue * spec.weight) / totalWeight)
      const retainer = spec.retainer
      if (retainer) {
        const d = nextBusinessDay(first)
        const it = items.get(retainer.item)
        if (!it) throw new Error(`${p.key}: no item ${retainer.item}`)
        if (d <= end) {
          budget -= retainer.cents
          const lines: SalesLine[] = [
            { item: it, qty: 1, rateCents: retainer.cents, description: `Retainer ${MONTHS[month - 1]} ${y}` }
          ]
          sched.add(d, 0, () => issueInvoice(spec, rec, d, lines))
        }
      }
      const n = sim.int(spec.invoicesPerMonth[0], spec.invoicesPerMonth[1])
      for (let i = 0; i < n && budget > 0; i++) {
        const d = someDay(first, last)
        if (d === undefined) continue
        const target = Math.max(150_00, Math.round((budget / n) * sim.real(0.8, 1.2)))
        const lines = invoiceLines(spec, target)
        sched.add(d, 0, () => issueInvoice(spec, rec, d, lines))
      }
    }

    // Spending.
    for (const s of p.streams) planStream(s, m, first, last)

    // Card statement: paid from the bank on the pay day, for what was charged up to month end.
    const payDay = nextBusinessDay(dayInMonth(y, month, p.card.payDay))
    sched.add(first, 0, () => {
      statementCents = book.cashCents.get(card.Id) ?? 0
    })
    if (payDay <= end) {
      sched.add(payDay, 3, () => {
        const due = Math.min(statementCents, book.cashCents.get(card.Id) ?? 0)
        if (due <= 0) return
        book.purchase({
          from: operating,
          day: payDay,
          vendor: vendor(p.card.issuer).rec,
          lines: [{ account: card, cents: due, description: 'Credit card payment' }],
          memo: 'Credit card payment'
        })
      })
    }

    // Interest on savings.
    banks.forEach((b, i) => {
      const r = p.banks[i]!.interestCents
      const d = nextBusinessDay(last - 2)
      if (r && d <= end) {
        sched.add(d, 4, () =>
          book.deposit({
            to: b,
            day: d,
            other: [{ account: interest, cents: amount(r), description: 'Interest' }]
          })
        )
      }
    })
  }

  const issueInvoice = (spec: CustomerSpec, rec: QboRecord, d: number, lines: SalesLine[]): void => {
    const emailStatus = !spec.email ? 'NotSet' : d >= end - 3 && sim.chance(0.5) ? 'NeedToSend' : 'EmailSent'
    const inv = book.invoice({ customer: rec, day: d, lines, term: term(spec.term), emailStatus })
    scheduleInvoice(inv, spec)
  }

  const planStream = (s: Stream, m: number, first: number, last: number): void => {
    const { y, m: month } = partsOf(first)
    switch (s.kind) {
      case 'payroll': {
        let next = paydays.get(s) ?? firstPayday
        for (; next <= last; next += 14) {
          const d = next
          if (d > end || d < first) continue
          const gross = roundTo(
            Math.round(s.grossCents * Math.pow(s.growthPerMonth, m) * sim.real(0.97, 1.03)),
            100
          )
          const taxes = Math.round(gross * 0.0765)
          const lines = [
            { account: account(s.wagesAccount), cents: gross, description: 'Net pay and withholdings' },
            { account: account(s.taxesAccount), cents: taxes, description: 'Employer taxes' }
          ]
          const v = vendor(s.vendor)
          sched.add(d, s.via === 'bill' ? 0 : 3, () => {
            if (s.via === 'purchase')
              book.purchase({
                from: operating,
                day: d,
                vendor: v.rec,
                lines,
                memo: `Payroll ${formatDay(d)}`
              })
            else
              scheduleBill(
                book.bill({
                  vendor: v.rec,
                  day: d,
                  lines,
                  term: term('receipt'),
                  memo: `Payroll ${formatDay(d)}`
                }),
                { now: true }
              )
          })
        }
        paydays.set(s, next)
        break
      }
      case 'monthlyBill': {
        const d = dayInMonth(y, month, s.dayOfMonth)
        if (d > end) break
        const v = vendor(s.vendor)
        // Fixed amounts (rent) step up once a year, on the anniversary month.
        const cents = s.fixed
          ? roundTo(Math.round(s.cents[0] * Math.pow(1.04, Math.floor(m / 12))), 100)
          : amount(s.cents)
        const noDue = !v.term && sim.chance(s.noDueDateChance ?? 0)
        sched.add(d, 0, () => {
          const bill = book.bill({
            vendor: v.rec,
            day: d,
            lines: [{ account: account(s.account), cents, description: `${MONTHS[month - 1]} ${y}` }],
            term: v.term,
            noDueDate: noDue,
            docNumber: `${String(y).slice(2)}${String(month).padStart(2, '0')}-${sim.int(100, 999)}`
          })
          scheduleBill(bill)
        })
        break
      }
      case 'quarterlyBill': {
        if (!s.months.includes(month)) break
        const d = dayInMonth(y, month, s.dayOfMonth)
        if (d > end) break
        const v = vendor(s.vendor)
        const cents = amount(s.cents)
        sched.add(d, 0, () =>
          scheduleBill(
            book.bill({
              vendor: v.rec,
              day: d,
              lines: [{ account: account(s.account), cents }],
              term: v.term
            })
          )
        )
        break
      }
      case 'randomBills': {
        const n = sim.int(s.perMonth[0], s.perMonth[1])
        for (let i = 0; i < n; i++) {
          const d = someDay(first, last)
          if (d === undefined) continue
          const v = vendor(sim.pick(s.vendors))
          const total = roundTo(amount(s.cents), 100)
          const parts = sim.chance(0.3) ? splitCents(total, [sim.real(1, 3), 1]) : [total]
          const noDue = !v.term && sim.chance(s.noDueDateChance ?? 0)
          const byCard = sim.chance(s.cardShare ?? 0)
          const docNumber = `INV-${sim.int(1000, 99999)}`
          sched.add(d, 0, () => {
            const bill = book.bill({
              vendor: v.rec,
              day: d,
              lines: parts.map((c) => ({ account: account(s.account), cents: c })),
              term: v.term,
              noDueDate: noDue,
              docNumber
            })
            scheduleBill(bill, { byCard })
          })
        }
        break
      }
      case 'cardMonthly': {
        const d = dayInMonth(y, month, s.dayOfMonth)
        if (d > end) break
        const v = vendor(s.vendor)
        const cents = amount(s.cents)
        sched.add(d, 3, () =>
          book.purchase({
            from: card,
            day: d,
            vendor: v.rec,
            lines: [{ account: account(s.account), cents }]
          })
        )
        break
      }
      case 'cardRandom': {
        const n = sim.int(s.perMonth[0], s.perMonth[1])
        if (first > end) break
        for (let i = 0; i < n; i++) {
          const d = sim.int(first, Math.min(last, end))
          const v = vendor(sim.pick(s.vendors))
          const cents = amount(s.cents)
          sched.add(d, 3, () =>
            book.purchase({
              from: card,
              day: d,
              vendor: v.rec,
              lines: [{ account: account(s.account), cents }]
            })
          )
        }
        break
      }
      case 'bankMonthly': {
        const d = nextBusinessDay(dayInMonth(y, month, s.dayOfMonth))
        if (d > end) break
        const v = vendor(s.vendor)
        const cents = amount(s.cents)
        sched.add(d, 3, () =>
          book.purchase({
            from: operating,
            day: d,
            vendor: v.rec,
            check: s.check ?? false,
            lines: [{ account: account(s.account), cents }]
          })
        )
        break
      }
      case 'quarterlyTax': {
        // Federal estimated payments: 15 April, June, September and January.
        if (![1, 4, 6, 9].includes(month)) break
        const d = nextBusinessDay(dayInMonth(y, month, 15))
        if (d > end) break
        const v = vendor(s.vendor)
        const cents = roundTo(amount(s.cents), 100_00)
        sched.add(d, 3, () =>
          book.purchase({
            from: operating,
            day: d,
            vendor: v.rec,
            lines: [{ account: account(s.account), cents, description: 'Estimated tax payment' }]
          })
        )
        break
      }
    }
  }

  // Deposits of the checks waiting in Undeposited Funds.
  const depositChecks = (d: number): void => {
    const waiting = book.undepositedPayments.filter((x) => x.day < d)
    if (waiting.length > 0) book.deposit({ to: operating, day: d, payments: waiting })
  }

  planExtras()

  for (let day = start, m = 0; day <= end; day++) {
    if (input.branch && day === input.branch.day) {
      sim = input.branch.rng
      redrawReceipts(day)
      redrawBillPays(day)
    }
    if (day === monthStart(start, m)) planMonth(m++)
    if (p.depositWeekdays.includes(weekday(day))) sched.add(day, 4, () => depositChecks(day))
    sched.run(day)
    book.endOfDay()
  }

  function planExtras(): void {
    const list = [...customers.values()]
    const recent = (daysAgo: number): number => nextBusinessDay(Math.max(start, end - daysAgo))
    const draw = p.extras.ownerDraw
    if (draw) {
      const d = recent(draw.daysAgo)
      if (d <= end) {
        sched.add(d, 3, () => {
          const cents = roundTo((book.cashCents.get(operating!.Id) ?? 0) - draw.keepCents, 100_00)
          if (cents <= 0) return
          const drawing = book.account({ name: "Owner's Draw", type: 'Equity', subtype: 'OwnersEquity' }, d)
          book.purchase({
            from: operating!,
            day: d,
            lines: [{ account: drawing, cents, description: "Owner's draw" }],
            memo: "Owner's draw"
          })
        })
      }
    }
    if (p.extras.prepayment) {
      // A new engagement paid up front: money received, nothing yet to apply it to.
      const c = list.find((x) => x.spec.habit === 'early') ?? list[0]!
      const d = recent(24)
      if (d <= end) {
        sched.add(d, 1, () =>
          book.payment({
            customer: c.rec,
            day: d,
            applies: [],
            unappliedCents: roundTo(amount([1500_00, 4000_00]), 500_00),
            depositTo: operating
          })
        )
      }
    }
    if (p.extras.overpayment) {
      // A customer rounds up a check; the excess stays unapplied on their account.
      const c = list.find((x) => x.spec.habit === 'ontime') ?? list[0]!
      const d = recent(40)
      if (d <= end) {
        sched.add(d, 1, () => {
          const open = [...book.invoices.values()].find((x) => x.customer === c.rec && x.openCents > 0)
          const applies = open ? [{ invoice: open, cents: open.openCents }] : []
          book.payment({
            customer: c.rec,
            day: d,
            applies,
            unappliedCents: amount([75_00, 400_00]),
            refNum: String(sim.int(1000, 9999))
          })
        })
      }
    }
    if (p.extras.partialPayment) {
      const d = recent(12)
      if (d <= end) {
        sched.add(d, 1, () => {
          const inv = [...book.invoices.values()].find((x) => x.openCents >= 400_00 && !receiptPlanned.has(x))
          if (!inv) return
          const c = customerById.get(inv.customer.Id)!
          book.payment({
            customer: c.rec,
            day: d,
            applies: [{ invoice: inv, cents: roundTo(Math.floor(inv.openCents / 2), 100_00) }],
            depositTo: c.spec.direct ? operating : undefined,
            refNum: String(sim.int(1000, 9999))
          })
        })
      }
    }
    const vc = p.extras.vendorCredit
    if (vc) {
      const d = recent(35)
      const v = vendor(vc.vendor).rec
      const a = account(vc.account)
      if (d <= end) {
        sched.add(d, 0, () =>
          book.vendorCredit({
            vendor: v,
            day: d,
            lines: [
              { account: a, cents: amount([120_00, 900_00]), description: 'Credit for a disputed charge' }
            ],
            docNumber: `CR-${sim.int(100, 999)}`
          })
        )
      }
    }
    if (p.extras.creditMemo) {
      const c = list.find((x) => x.spec.habit === 'late') ?? list[0]!
      const d = recent(30)
      const it = items.get(c.spec.items[0]!)!
      if (d <= end) {
        sched.add(d, 0, () =>
          book.creditMemo({
            customer: c.rec,
            day: d,
            lines: [
              {
                item: it,
                qty: 1,
                rateCents: roundTo(amount([200_00, 1200_00]), 50_00),
                description: 'Courtesy credit'
              }
            ]
          })
        )
      }
    }
  }

  // --- opening balances ------------------------------------------------------------------------
  // Chosen after the fact so that the company ends where its profile says (see `cash` there),
  // without having dipped below the floor.
  const target = Math.max(0, endingCash(p.cash, book, input.today, book.cashCents.get(card.Id) ?? 0))
  const shares = splitCents(
    target,
    p.banks.map((b) => b.cashShare)
  )
  banks.forEach((b, i) => {
    const run = book.cashCents.get(b.Id) ?? 0
    let opening = shares[i]! - run
    if (p.cash.floorCents !== null)
      opening = Math.max(opening, p.cash.floorCents - (book.lowCents.get(b.Id) ?? 0))
    opening = Math.max(opening, 1000_00) // an account is opened with something in it
    const dep = openings[i]!
    dep.TotalAmt = toMoney(opening)
    ;(dep.Line as Array<Record<string, unknown>>)[0]!.Amount = toMoney(opening)
  })

  // The ledger recomputes everything from the records alone. Names and accounts get their
  // balances here; a transaction it would change means the running bookkeeping above went wrong.
  const changed = applyLedger(book.realm).filter(
    (c) => c.entity !== 'Account' && c.entity !== 'Vendor' && c.entity !== 'Customer'
  )
  if (changed.length > 0) {
    throw new Error(
      `${p.key}: generated books disagree with the ledger on ${changed.map((c) => `${c.entity} ${c.id}`).join(', ')}`
    )
  }
  return book.realm
}

function endingCash(cash: CashTarget, book: Book, today: number, cardDebtCents: number): number {
  let openBills = 0
  for (const b of book.bills.values()) openBills += b.openCents
  let recentOut = 0
  for (const [d, c] of book.outflows) if (d >= today - 91) recentOut += c
  const spend = (days: number): number => Math.round((recentOut * days) / 91)
  const dueWithin = (days: number): number => {
    let due = 0
    for (const b of book.bills.values())
      if (b.openCents > 0 && (b.dueDay ?? b.txnDay) < today + days) due += b.openCents
    return due
  }
  switch (cash.basis) {
    case 'coverage':
      return Math.round(cash.coverage * (openBills + spend(28)))
    case 'netPosition': {
      let receivable = 0
      for (const i of book.invoices.values()) receivable += i.openCents
      for (const u of book.undepositedPayments) receivable += u.totalCents
      const net = (days: number): number => spend(days) - receivable + openBills + cardDebtCents
      return Math.max(net(cash.days), dueWithin(cash.coverDays) + spend(cash.coverDays))
    }
    case 'shortOfDue': {
      let receivable = 0
      for (const i of book.invoices.values())
        if (i.openCents > 0 && i.dueDay < today + cash.withinDays) receivable += i.openCents
      // It can keep the lights on: the essential bills due this week (rent, utilities, insurance,
      // taxes, payroll) and a few days of spending are covered, the suppliers are not. That is the
      // company a payment plan can help, and the one bookkeepers call about. An account at exactly
      // $0.00 would look made up anyway.
      let essential = 0
      for (const b of book.bills.values()) {
        if (b.openCents > 0 && (b.dueDay ?? b.txnDay) < today + 7 && isEssential(b)) essential += b.openCents
      }
      // The checks waiting to be deposited reach the bank this week: they pay the few days of
      // spending before the bank's own cash does.
      let waiting = 0
      for (const u of book.undepositedPayments) waiting += u.totalCents
      return Math.max(
        Math.round(cash.share * (dueWithin(cash.withinDays) - receivable)),
        essential + Math.max(0, spend(3) - waiting)
      )
    }
  }
}

/** What a bookkeeper pays first whatever else waits, by the expense accounts on the bill's lines. */
function isEssential(bill: BillState): boolean {
  const lines =
    (bill.rec.Line as
      Array<{ AccountBasedExpenseLineDetail?: { AccountRef?: { name?: string } } }> | undefined) ?? []
  return lines.some((l) =>
    /\b(rent|utilities|insurance|taxes|payroll)\b/i.test(
      l.AccountBasedExpenseLineDetail?.AccountRef?.name ?? ''
    )
  )
}
