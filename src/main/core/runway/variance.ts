// Why the runway moved between two moments: the forecast of each moment kept as a ledger of dated
// amounts, and the change from the first to the second walked one cause at a time (the passage of
// time, the bookkeeper's decisions, new bills and invoices, money in and out, invoices and bills
// that did not go as forecast, recurring outflows, other spending), measuring the runway after each
// step. The steps telescope, so their days add up to the change exactly; what no named cause moved
// is "other". Which cause a day lands on depends on the order of the steps (as in any waterfall):
// the order is the one a bookkeeper tells it in, time first.
import { addDays, daysBetween, toDayNumber, type LocalDate } from '../../../shared/dates'
import type { VarianceCause, VarianceCauseKind, VarianceView } from '../../../shared/views'
import { sumCents, type Books, type Cents } from './books'
import type { ForecastModel } from './forecast'
import { projectSeries, expenseSeriesKey } from './recurring'

/** How far past the horizon a ledger keeps what it knows: a gap of up to this between two ledgers
 *  still sees the days that came into view as the passage of time. */
export const LEDGER_EXTRA_DAYS = 91
/** An estimate past the horizon is capped: beyond ten years the days say nothing. */
const MAX_DAYS = 3650

export type LedgerItemKind = 'invoice' | 'bill' | 'recurring' | 'undeposited'

/** One dated amount of a forecast: money in positive, money out negative. */
export interface LedgerItem {
  key: string
  kind: LedgerItemKind
  /** The document (invoice, bill) or the recurring series it belongs to. */
  ref: string
  label: string
  date: LocalDate
  cents: Cents
  /** Where `cents` falls when it is spread over several days (an invoice over its customer's
   *  history); without it, all of it is on `date`. */
  parts?: { date: LocalDate; cents: Cents }[]
  /** What is still open on the document (invoices, bills): a fall means part of it was paid. */
  balanceCents?: Cents
  /** The bookkeeper's word on it (a planned date, an expectation): a change is a decision. */
  decision?: string
}

export interface RunwayLedger {
  today: LocalDate
  horizonDays: number
  bankCents: Cents
  reserves: { cents: Cents; until: LocalDate | null }[]
  /** Spending spread evenly: `cents` per `days`. */
  spread: { cents: Cents; days: number }
  burn: { cents: Cents; days: number }
  items: LedgerItem[]
  /** The user's verdict on each recurring series, by key. */
  seriesDecisions: Record<string, string>
}

/** The forecast of `model` as a ledger, with what lies up to LEDGER_EXTRA_DAYS past its horizon. */
export function ledgerOf(books: Books, model: ForecastModel): RunwayLedger {
  const today = model.today
  const at = (day: number): LocalDate => addDays(today, day)
  const items: LedgerItem[] = []
  const bills = new Map(books.openBills.map((b) => [b.id, b]))
  for (const [id, flow] of model.bills) {
    const bill = bills.get(id)
    if (!bill || flow.amountCents === 0) continue
    const planned = books.plannedDates[id]
    items.push({
      key: `bill:${id}`,
      kind: 'bill',
      ref: id,
      label: bill.vendorName,
      date: at(flow.day),
      cents: -flow.amountCents,
      balanceCents: bill.balanceCents,
      ...(planned ? { decision: planned } : {})
    })
  }
  const invoices = new Map(books.openInvoices.map((i) => [i.id, i]))
  for (const [id, flow] of model.invoices) {
    const invoice = invoices.get(id)
    if (!invoice) continue
    const word = books.expectations?.invoices[id] ?? books.expectations?.customers[invoice.customerId]
    items.push({
      key: `invoice:${id}`,
      kind: 'invoice',
      ref: id,
      label: invoice.customerName,
      date: at(flow.day),
      cents: flow.amountCents,
      parts: flow.parts.map((p) => ({ date: at(p.day), cents: p.amountCents })),
      balanceCents: invoice.balanceCents,
      ...(word ? { decision: JSON.stringify(word) } : {})
    })
  }
  // Invoices out of the base (past collection, "won't collect") carry no money but their balance
  // and the user's word, so a payment on one or a change of mind is still seen.
  for (const [id] of model.outOfBase) {
    const invoice = invoices.get(id)
    if (!invoice) continue
    const word = books.expectations?.invoices[id] ?? books.expectations?.customers[invoice.customerId]
    items.push({
      key: `invoice:${id}`,
      kind: 'invoice',
      ref: id,
      label: invoice.customerName,
      date: today,
      cents: 0,
      balanceCents: invoice.balanceCents,
      ...(word ? { decision: JSON.stringify(word) } : {})
    })
  }
  const lastDay = at(model.horizonDays + LEDGER_EXTRA_DAYS - 1)
  for (const series of model.recurring) {
    for (const p of projectSeries(series, today, lastDay)) {
      items.push({
        key: `recurring:${series.key}:${p.scheduled}`,
        kind: 'recurring',
        ref: series.key,
        label: series.payeeName,
        date: p.date < today ? today : p.date,
        cents: -p.amountCents
      })
    }
  }
  for (const e of model.events) {
    if (e.source.kind !== 'undeposited') continue
    items.push({
      key: `undeposited:${e.source.id}`,
      kind: 'undeposited',
      ref: e.source.id,
      label: 'Undeposited funds',
      date: e.date,
      cents: e.inflowCents
    })
  }
  return {
    today,
    horizonDays: model.horizonDays,
    bankCents: model.bankCents,
    reserves: books.reserves
      .filter((r) => r.amountCents > 0)
      .map((r) => ({ cents: r.amountCents, until: r.until })),
    spread: { cents: model.unscheduledSpendCents, days: model.burnWindow.days },
    burn: { cents: model.burn.cents, days: model.burn.days },
    items,
    seriesDecisions: { ...(books.recurringDecisions ?? {}) }
  }
}

function partsOf(item: LedgerItem): { date: LocalDate; cents: Cents }[] {
  return item.parts ?? [{ date: item.date, cents: item.cents }]
}

interface State {
  today: LocalDate
  horizonDays: number
  bank: number
  reserves: RunwayLedger['reserves']
  spread: RunwayLedger['spread']
  burn: RunwayLedger['burn']
  items: Map<string, LedgerItem>
}

function stateOf(ledger: RunwayLedger): State {
  return {
    today: ledger.today,
    horizonDays: ledger.horizonDays,
    bank: ledger.bankCents,
    reserves: ledger.reserves,
    spread: ledger.spread,
    burn: ledger.burn,
    items: new Map(ledger.items.map((i) => [i.key, i]))
  }
}

/** Spending spread over the first `days` days: the forecast's own integer split of the rate. */
function spreadOver(spread: RunwayLedger['spread'], days: number): number {
  if (spread.days <= 0) return 0
  return Math.floor((days * spread.cents) / spread.days)
}

/**
 * The runway of a state, in days: to the first day cash is below zero within the horizon (the
 * forecast's runway, which it equals), else the horizon plus how long the cash left at its end
 * would last at the recent burn, so that every state has a number to subtract.
 */
export function ledgerDays(state: State | RunwayLedger): number {
  const s = 'items' in state && state.items instanceof Map ? (state as State) : stateOf(state as RunwayLedger)
  const H = s.horizonDays
  const startN = toDayNumber(s.today)
  const delta = new Array<number>(H).fill(0)
  for (const item of s.items.values()) {
    for (const part of partsOf(item)) {
      const d = Math.max(0, toDayNumber(part.date) - startN)
      if (d < H) delta[d]! += part.cents
    }
  }
  let reserved = 0
  for (const r of s.reserves) {
    if (r.until !== null && r.until <= s.today) continue
    reserved += r.cents
    if (r.until !== null) {
      const d = toDayNumber(r.until) - startN
      if (d < H) delta[d]! += r.cents
    }
  }
  let cash = s.bank - reserved
  for (let d = 0; d < H; d += 1) {
    cash += delta[d]! - (spreadOver(s.spread, d + 1) - spreadOver(s.spread, d))
    if (cash < 0) return d
  }
  if (s.burn.cents <= 0) return MAX_DAYS
  return Math.min(MAX_DAYS, H + Math.floor((cash * s.burn.days) / s.burn.cents))
}

/** What actually moved through the bank between two days, from the later books. */
export interface CashMoves {
  inCents: Cents
  billPaymentsCents: Cents
  recurringCents: Cents
  otherOutCents: Cents
  paidInvoiceIds: Set<string>
  paidBillIds: Set<string>
}

export function cashMovesBetween(
  books: Books,
  from: LocalDate,
  to: LocalDate,
  seriesKeys: ReadonlySet<string>
): CashMoves {
  // The earlier ledger's bank already holds the money of its own day when the two are a day apart
  // or more; on the same day it may not, and what it did hold is set right by "other".
  const inside = (date: LocalDate): boolean => (from === to ? date === to : date > from && date <= to)
  const moves: CashMoves = {
    inCents: sumCents(
      books.cashIn.filter((c) => inside(c.date)),
      (c) => c.amountCents
    ),
    billPaymentsCents: 0,
    recurringCents: 0,
    otherOutCents: 0,
    paidInvoiceIds: new Set(books.paidInvoices.filter((p) => inside(p.paidDate)).map((p) => p.id)),
    paidBillIds: new Set(books.paidBills.filter((p) => inside(p.paidDate)).map((p) => p.id))
  }
  for (const row of books.cashOut) {
    if (!inside(row.date)) continue
    if (row.kind === 'bill-payment') moves.billPaymentsCents += row.amountCents
    else if (seriesKeys.has(expenseSeriesKey(row))) moves.recurringCents += row.amountCents
    else moves.otherOutCents += row.amountCents
  }
  return moves
}

const LABELS: Record<VarianceCauseKind, string> = {
  time: 'Passage of time',
  decisions: 'Decisions taken',
  'new-bills': 'New bills',
  'new-invoices': 'New invoices',
  'payments-in': 'Payments received',
  'payments-out': 'Bills paid',
  recurring: 'Recurring outflows',
  'invoices-redated': 'Invoices gone overdue or re-dated',
  'bills-redated': 'Bills still open past their forecast date',
  'other-spending': 'Other spending',
  other: 'Other'
}

/**
 * The change from `before` to `after` (the later books supply what moved through the bank in
 * between), cause by cause. `days` of the causes add up to `changeDays` exactly.
 */
export function explainChange(before: RunwayLedger, after: RunwayLedger, afterBooks: Books): VarianceView {
  const s = stateOf(before)
  const fromDays = ledgerDays(s)
  const causes: VarianceCause[] = []
  let last = fromDays
  const step = (
    kind: VarianceCauseKind,
    amountCents: number | null,
    count: number,
    examples: { label: string; cents: number }[] = []
  ): void => {
    const now = ledgerDays(s)
    const days = now - last
    last = now
    if (days === 0 && !amountCents && count === 0) return
    causes.push({
      kind,
      label: LABELS[kind],
      days,
      amountCents,
      count,
      examples: examples
        .sort((a, b) => Math.abs(b.cents) - Math.abs(a.cents))
        .slice(0, 3)
        .map((e) => ({ label: e.label, cents: e.cents }))
    })
  }

  // 1. Time: the window moves on; what the forecast had before the new day is taken as done.
  const t1 = after.today
  const elapsed = Math.max(0, daysBetween(before.today, t1))
  const folded = new Map<string, LedgerItem>()
  for (const [key, item] of s.items) {
    const parts = partsOf(item)
    const done = parts.filter((p) => p.date < t1)
    if (done.length === 0) continue
    const cents = sumCents(done, (p) => p.cents)
    s.bank += cents
    folded.set(key, { ...item, cents })
    if (done.length === parts.length) s.items.delete(key)
    else s.items.set(key, { ...item, cents: item.cents - cents, parts: parts.filter((p) => p.date >= t1) })
  }
  s.bank -= spreadOver(before.spread, elapsed)
  s.today = t1
  step('time', null, elapsed)

  const afterItems = new Map(after.items.map((i) => [i.key, i]))
  const beforeItems = new Map(before.items.map((i) => [i.key, i]))
  const beforeRefs = (kind: LedgerItemKind): Map<string, LedgerItem> =>
    new Map(before.items.filter((i) => i.kind === kind).map((i) => [i.ref, i]))
  /** Takes an item back out of the bank (if time took it as done) and out of the forecast. */
  const undo = (key: string): void => {
    const f = folded.get(key)
    if (f) {
      s.bank -= f.cents
      folded.delete(key)
    }
    s.items.delete(key)
  }
  const settle = (key: string): void => {
    undo(key)
    const now = afterItems.get(key)
    if (now) s.items.set(key, now)
  }

  // 2. Decisions: a planned date, an expectation, a verdict on a series, the reserves.
  let decided = 0
  const decidedExamples: { label: string; cents: number }[] = []
  for (const item of after.items) {
    const was = beforeItems.get(item.key)
    if (!was || item.kind === 'recurring' || (was.decision ?? null) === (item.decision ?? null)) continue
    settle(item.key)
    decided += 1
    decidedExamples.push({ label: item.label, cents: item.cents })
  }
  const seriesKeys = new Set([...Object.keys(before.seriesDecisions), ...Object.keys(after.seriesDecisions)])
  for (const key of seriesKeys) {
    if (before.seriesDecisions[key] === after.seriesDecisions[key]) continue
    for (const k of [...s.items.keys(), ...folded.keys()]) if (k.startsWith(`recurring:${key}:`)) undo(k)
    for (const item of after.items)
      if (item.kind === 'recurring' && item.ref === key) s.items.set(item.key, item)
    decided += 1
  }
  const reserveChange = sumCents(after.reserves, (r) => r.cents) - sumCents(before.reserves, (r) => r.cents)
  if (JSON.stringify(before.reserves) !== JSON.stringify(after.reserves)) {
    s.reserves = after.reserves
    decided += 1
    decidedExamples.push({ label: 'Reserves', cents: -reserveChange })
  }
  step(
    'decisions',
    decidedExamples.length > 0 ? sumCents(decidedExamples, (e) => Math.abs(e.cents)) : null,
    decided,
    decidedExamples
  )

  // 3, 4. New documents.
  for (const kind of ['bill', 'invoice'] as const) {
    const known = beforeRefs(kind)
    const added = after.items.filter((i) => i.kind === kind && !known.has(i.ref))
    for (const item of added) s.items.set(item.key, item)
    step(
      kind === 'bill' ? 'new-bills' : 'new-invoices',
      added.length > 0 ? Math.abs(sumCents(added, (i) => i.balanceCents ?? Math.abs(i.cents))) : null,
      added.length,
      added.map((i) => ({ label: i.label, cents: i.balanceCents ?? i.cents }))
    )
  }

  const moves = cashMovesBetween(
    afterBooks,
    before.today,
    t1,
    new Set([
      ...before.items.filter((i) => i.kind === 'recurring').map((i) => i.ref),
      ...after.items.filter((i) => i.kind === 'recurring').map((i) => i.ref)
    ])
  )
  // 5, 6. Money in and out: documents paid (in part or whole) leave the forecast, the money that
  // moved enters the bank.
  const paidStep = (kind: 'invoice' | 'bill', paidIds: Set<string>): { label: string; cents: number }[] => {
    const examples: { label: string; cents: number }[] = []
    for (const item of before.items) {
      if (item.kind !== kind) continue
      const now = afterItems.get(item.key)
      const paidPart = now
        ? (item.balanceCents ?? 0) - (now.balanceCents ?? 0)
        : paidIds.has(item.ref)
          ? (item.balanceCents ?? 0)
          : 0
      if (paidPart <= 0) continue
      settle(item.key)
      examples.push({ label: item.label, cents: kind === 'invoice' ? paidPart : -paidPart })
    }
    return examples
  }
  const received = paidStep('invoice', moves.paidInvoiceIds)
  s.bank += moves.inCents
  step('payments-in', moves.inCents || null, received.length, received)
  const paid = paidStep('bill', moves.paidBillIds)
  s.bank -= moves.billPaymentsCents
  step('payments-out', moves.billPaymentsCents ? -moves.billPaymentsCents : null, paid.length, paid)

  // 7. Recurring outflows: the projections as they now stand, and what was really paid.
  for (const k of [...s.items.keys(), ...folded.keys()]) if (k.startsWith('recurring:')) undo(k)
  for (const item of after.items) if (item.kind === 'recurring') s.items.set(item.key, item)
  s.bank -= moves.recurringCents
  step('recurring', moves.recurringCents ? -moves.recurringCents : null, 0)

  // 8, 9. Documents still open that the forecast had settled by now, or now has on another day.
  for (const kind of ['invoice', 'bill'] as const) {
    const moved: { label: string; cents: number }[] = []
    for (const item of before.items) {
      if (item.kind !== kind) continue
      const now = afterItems.get(item.key)
      if (!now) continue
      const current = s.items.get(item.key)
      if (current === now) continue
      if (
        folded.has(item.key) ||
        !current ||
        current.date !== now.date ||
        current.cents !== now.cents ||
        JSON.stringify(partsOf(current)) !== JSON.stringify(partsOf(now))
      ) {
        settle(item.key)
        moved.push({ label: item.label, cents: now.cents })
      }
    }
    step(
      kind === 'invoice' ? 'invoices-redated' : 'bills-redated',
      moved.length > 0 ? sumCents(moved, (m) => Math.abs(m.cents)) : null,
      moved.length,
      moved
    )
  }

  // 10. Spending outside bills and series: what went out against what the forecast spread.
  s.bank += spreadOver(before.spread, elapsed) - moves.otherOutCents
  s.spread = after.spread
  step('other-spending', moves.otherOutCents ? -moves.otherOutCents : null, 0)

  // 11. Whatever is left: the later forecast exactly.
  const target = stateOf(after)
  s.bank = target.bank
  s.reserves = target.reserves
  s.spread = target.spread
  s.burn = target.burn
  s.items = target.items
  const toDays = ledgerDays(s)
  const residual = toDays - last
  if (residual !== 0) {
    causes.push({
      kind: 'other',
      label: LABELS.other,
      days: residual,
      amountCents: null,
      count: 0,
      examples: []
    })
  }
  return {
    from: before.today,
    to: after.today,
    fromDays,
    toDays,
    changeDays: toDays - fromDays,
    horizonDays: after.horizonDays,
    causes
  }
}
