// Receivables as they will really arrive: when each open invoice's money is expected, how likely it
// is to come at all, and which invoices are past realistic collection (left out of the base forecast
// and shown as upside). The bookkeeper's own word — "expect on DATE", "won't collect" — outranks
// everything the history says.
import {
  invoiceDueDate,
  moneyDate,
  normalizeName,
  type Books,
  type Cents,
  type Expectation,
  type OpenInvoice
} from './books'
import { addDays, daysBetween, maxDate, type LocalDate } from '../../../shared/dates'
import { latenessFor, paymentHabits, type LatenessShift } from './history'

/**
 * The chance a receivable is ever collected, by days past its due date: the Commercial Collection
 * Agency Association's survey of its members (Commercial Law League of America, 2004), the figures
 * collection agencies and accountants usually quote. It is a survey of commercial (business to
 * business) debts, which is what a bookkeeper's clients invoice; between two points the chance falls
 * in a straight line, and after two years it stays at the last figure.
 */
export const COLLECTION_CURVE: readonly { daysPastDue: number; chance: number }[] = [
  { daysPastDue: 0, chance: 0.949 },
  { daysPastDue: 30, chance: 0.899 },
  { daysPastDue: 60, chance: 0.813 },
  { daysPastDue: 90, chance: 0.696 },
  { daysPastDue: 182, chance: 0.521 },
  { daysPastDue: 273, chance: 0.391 },
  { daysPastDue: 365, chance: 0.228 },
  { daysPastDue: 730, chance: 0.093 }
]

/** The curve's share never collected of what reaches its due date unpaid (1 − 94.9%). */
const NEVER_COLLECTED = 1 - COLLECTION_CURVE[0]!.chance

/** How many paid invoices the default curve weighs as, against a customer's (or company's) own. */
export const PRIOR_WEIGHT = 4

/** Below an even chance the money is more likely not to come than to come: upside, not plan. */
export const REALISTIC_CHANCE = 0.5

/**
 * Where the console hands an invoice to a person for collections (rules.ts escalationStage). What is
 * recovered after that comes on a collection agency's or a court's timetable, less their fee, so no
 * date a forecast could stand on: from here an invoice is upside unless the user says when, or the
 * customer has settled invoices later than this before (handOffDays).
 */
export const HAND_OFF_DAYS = 90

/** Paid invoices that must be later than an overdue one before their timing re-dates it. */
export const MIN_REDATE_SAMPLES = 2

/** The curve read at `daysPastDue` (1 before the due date: the curve starts there). */
export function defaultChance(daysPastDue: number): number {
  if (daysPastDue <= 0) return 1
  const curve = COLLECTION_CURVE
  for (let i = 1; i < curve.length; i += 1) {
    const a = curve[i - 1]!
    const b = curve[i]!
    if (daysPastDue <= b.daysPastDue) {
      return (
        a.chance + ((b.chance - a.chance) * (daysPastDue - a.daysPastDue)) / (b.daysPastDue - a.daysPastDue)
      )
    }
  }
  return curve[curve.length - 1]!.chance
}

// The history moves the curve by Bayes' rule in odds form. An invoice still unpaid `o` days past due
// is either one that will never be paid (a share NEVER_COLLECTED of invoices at their due date) or one
// of the collectible invoices that happen to take longer than `o` (a share S(o) of them):
//   odds(collected | unpaid at o) = (1 − NEVER_COLLECTED) / NEVER_COLLECTED × S(o).
// The survey's curve is the S(o) this makes it; paid invoices tell S(o) directly: of those that
// reached their due date unpaid (paid on it or later), the share whose last payment came more than
// `o` days late (one paid in halves was open until the second). Not of all paid invoices: the
// survey's 5.1% is a share of what reaches its due date unpaid, and a customer who pays half its
// invoices early has, among its late ones, twice the share still unpaid at `o` that all its paid
// invoices show; counted over all of them, its invoice two days late looked twice as doubtful.
// A customer's S(o) is their own paid invoices plus PRIOR_WEIGHT invoices' worth of the company's,
// and the company's is its paid invoices plus PRIOR_WEIGHT of the survey's: a customer who often
// pays 60 days late keeps a good chance at 60 days, one who has never been more than a week late
// loses it quickly, and one without a record gets the company's habits.

function surveyUnpaidShare(daysPastDue: number): number {
  const c = Math.min(defaultChance(daysPastDue), 1 - 1e-9)
  return ((NEVER_COLLECTED / (1 - NEVER_COLLECTED)) * c) / (1 - c)
}

/** Days late of each paid document (paid date − due date), sorted. */
export function latenesses<T extends { dueDate: LocalDate | null; txnDate: LocalDate; paidDate: LocalDate }>(
  paid: readonly T[],
  dueOf: (doc: T) => LocalDate = invoiceDueDate
): number[] {
  return paid.map((p) => daysBetween(dueOf(p), p.paidDate)).sort((a, b) => a - b)
}

/** The latenesses above `o`: the tail of `sorted` from the index returned, found by bisection and
 *  read in place (a company's year of paid invoices is thousands, asked once per open document). */
function firstLaterThan(sorted: readonly number[], o: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]! <= o) lo = mid + 1
    else hi = mid
  }
  return lo
}

function unpaidShare(sorted: readonly number[], o: number, prior: number): number {
  const reachedDue = sorted.length - firstLaterThan(sorted, -1)
  return (sorted.length - firstLaterThan(sorted, o) + PRIOR_WEIGHT * prior) / (reachedDue + PRIOR_WEIGHT)
}

/** The median of `sorted` from index `from` on. */
function medianFrom(sorted: readonly number[], from: number): number {
  const n = sorted.length - from
  const mid = from + (n >> 1)
  return n % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2)
}

export interface CollectionHistory {
  company: number[]
  byCustomer: Map<string, number[]>
  /** Days late of each paid invoice's last payment, sorted: how long invoices stayed (partly) open,
   *  which is what the chance of an invoice still open at some age is about. */
  settledCompany: number[]
  settledByCustomer: Map<string, number[]>
}

export function collectionHistory(books: Pick<Books, 'paidInvoices'>): CollectionHistory {
  // Each paid invoice's two latenesses once: a large company has thousands in a year.
  const company: number[] = []
  const settledCompany: number[] = []
  const byCustomer = new Map<string, number[]>()
  const settledByCustomer = new Map<string, number[]>()
  const push = (map: Map<string, number[]>, id: string, value: number): void => {
    const list = map.get(id)
    if (list) list.push(value)
    else map.set(id, [value])
  }
  for (const p of books.paidInvoices) {
    const due = invoiceDueDate(p)
    const money = daysBetween(due, moneyDate(p))
    const settled = daysBetween(due, p.paidDate)
    company.push(money)
    settledCompany.push(settled)
    push(byCustomer, p.customerId, money)
    push(settledByCustomer, p.customerId, settled)
  }
  const byNumber = (a: number, b: number): number => a - b
  for (const list of [company, settledCompany, ...byCustomer.values(), ...settledByCustomer.values()])
    list.sort(byNumber)
  return { company, byCustomer, settledCompany, settledByCustomer }
}

/**
 * The days past due from which an invoice is handed off and leaves the base forecast: HAND_OFF_DAYS,
 * or later for a customer who has already paid invoices in full later than that. An invoice 85 days
 * late from a customer whose invoices have been settled 95 days late is how that customer pays, not
 * a doubtful debt; past the customer's own longest wait it is (and an ordinary customer's stays at
 * HAND_OFF_DAYS).
 */
export function handOffDays(history: CollectionHistory, customerId: string): number {
  const settled = history.settledByCustomer.get(customerId) ?? []
  return Math.max(HAND_OFF_DAYS, settled[settled.length - 1] ?? 0)
}

export type ChanceBasis = 'not-due' | 'customer' | 'company' | 'survey'

/** The chance an invoice unpaid `daysPastDue` days after its due date is ever collected. */
export function collectionChance(
  history: CollectionHistory,
  customerId: string,
  daysPastDue: number
): { chance: number; basis: ChanceBasis } {
  if (daysPastDue <= 0) return { chance: 1, basis: 'not-due' }
  const own = history.settledByCustomer.get(customerId) ?? []
  const company = unpaidShare(history.settledCompany, daysPastDue, surveyUnpaidShare(daysPastDue))
  const share = unpaidShare(own, daysPastDue, company)
  const odds = ((1 - NEVER_COLLECTED) / NEVER_COLLECTED) * share
  const basis: ChanceBasis =
    own.length >= PRIOR_WEIGHT
      ? 'customer'
      : history.settledCompany.length >= PRIOR_WEIGHT
        ? 'company'
        : 'survey'
  return { chance: odds / (1 + odds), basis }
}

export type DateBasis = 'habit' | 'later-than-usual' | 'past-latest' | 'as-late-again' | 'expected-on'

/** A regular payer: the middle half of its paid invoices came within this many days of each other. */
export const REGULAR_BAND_DAYS = 14

/** `sorted`'s value at share `q` of the way through it (the lower one between two). */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

/**
 * A regular payer's open invoice that is already later than all but one of the customer's own paid
 * invoices (and `PRIOR_WEIGHT` of them at least, enough to call the customer regular): the number of
 * days from tomorrow its money is expected over, the width of the customer's middle half of
 * latenesses. Null for every other invoice. A customer who pays within the same few days every time
 * and is now a few days past them pays in the next few days; the company's other customers who
 * reached this lateness are its slow payers, weeks from paying, and dated this one weeks out.
 * A customer whose latenesses spread over more than REGULAR_BAND_DAYS is not predictable from its
 * own band: its invoices keep the paid invoices' tail (the company's, past its own).
 */
export function pastLatestBand(
  history: CollectionHistory,
  customerId: string,
  daysPastDue: number
): number | null {
  const own = history.byCustomer.get(customerId) ?? []
  if (own.length < PRIOR_WEIGHT || own.length - firstLaterThan(own, daysPastDue) >= MIN_REDATE_SAMPLES)
    return null
  const band = quantile(own, 0.75) - quantile(own, 0.25)
  return band <= REGULAR_BAND_DAYS ? Math.max(1, band) : null
}

/**
 * When an open invoice's money is expected. While the customer's usual date (due + their average
 * lateness, the company's for a new customer) is still ahead, that date. Once it has passed, the
 * invoice is re-dated, so it moves on as the days go by instead of waiting in one week: to the middle
 * of the customer's paid invoices that took longer than this one has so far (the company's, when the
 * customer has too few), or, when nobody has paid this late before, as late again as it already is
 * (a week at least): the longer an invoice has waited, the longer the rest of its wait tends to be.
 * A regular payer later than it has ever been is the exception (pastLatestBand): the middle of its
 * band from tomorrow.
 */
export function expectedPaymentDate(
  invoice: Pick<OpenInvoice, 'dueDate' | 'txnDate' | 'customerId'>,
  shift: LatenessShift,
  history: CollectionHistory,
  today: LocalDate
): { date: LocalDate; basis: DateBasis } {
  const due = invoiceDueDate(invoice)
  const band = pastLatestBand(history, invoice.customerId, daysBetween(due, today))
  if (band !== null) return { date: addDays(today, Math.ceil(band / 2)), basis: 'past-latest' }
  const dated = dateOnHabit(
    due,
    shift.days,
    [history.byCustomer.get(invoice.customerId) ?? [], history.company],
    today
  )
  if (dated) return dated
  const o = daysBetween(due, today)
  return { date: maxDate(due, addDays(today, Math.max(7, o))), basis: 'as-late-again' }
}

/**
 * The habit-and-re-dating rule shared by invoices and bills: `due` + `shiftDays` while that is still
 * ahead; after it, the middle of the paid documents (`histories`' sorted latenesses, the first with
 * enough samples) that were later than this one already is. Null when no history reaches that far.
 */
export function dateOnHabit(
  due: LocalDate,
  shiftDays: number,
  histories: readonly (readonly number[])[],
  today: LocalDate
): { date: LocalDate; basis: 'habit' | 'later-than-usual' } | null {
  const onHabit = addDays(due, shiftDays)
  if (onHabit >= today) return { date: onHabit, basis: 'habit' }
  const o = daysBetween(due, today)
  for (const sorted of histories) {
    const from = firstLaterThan(sorted, o)
    if (sorted.length - from >= MIN_REDATE_SAMPLES)
      return { date: addDays(due, medianFrom(sorted, from)), basis: 'later-than-usual' }
  }
  return null
}

/** The most dates one invoice's money is spread over: enough to follow a customer who pays
 *  anywhere from two to fourteen weeks late, few enough that a large company's thousand open
 *  invoices stay a few thousand forecast events. */
export const SPREAD_POINTS = 5

export interface SpreadPart {
  date: LocalDate
  /** Share of the invoice's expected money on `date`; the parts of one invoice add up to 1. */
  share: number
}

/** Histories longer than this beyond an invoice's age are read as they are: they are their own
 *  smooth picture, and smoothing them would cost a large company's forecast the most. */
export const SMOOTH_MAX_SAMPLES = 64

/**
 * How far each paid invoice's lateness is smeared when a history is read as a distribution:
 * Silverman's rule of thumb (0.9 × the smaller of the standard deviation and the interquartile
 * range / 1.34, × n^−1/5), as the half-width of a box with the same spread as that normal kernel.
 * A customer who paid 47, 61, 66, 88 and 93 days late pays anywhere in about 40–100 days, not on
 * those five days; one who always pays within a day of its due date keeps its few days.
 */
export function smoothingDays(sorted: readonly number[]): number {
  // A customer's history is the same array for each of its open invoices (the company's, for
  // every customer without enough of its own): its width is worked out once.
  const known = widths.get(sorted)
  if (known !== undefined) return known
  const width = silverman(sorted)
  widths.set(sorted, width)
  return width
}

const widths = new WeakMap<readonly number[], number>()

function silverman(sorted: readonly number[]): number {
  const n = sorted.length
  if (n < 2) return 0
  let mean = 0
  for (const x of sorted) mean += x / n
  let squares = 0
  for (const x of sorted) squares += (x - mean) ** 2
  const sd = Math.sqrt(squares / (n - 1))
  const iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25)
  const spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd
  return Math.sqrt(3) * 0.9 * spread * n ** -0.2
}

/** `points` equally likely latenesses after `o`, the middles of equal slices of `sorted` smoothed
 *  by `halfWidth` and cut at `o` (what is still possible for an invoice unpaid at `o`). */
function smoothedLatenesses(
  sorted: readonly number[],
  o: number,
  halfWidth: number,
  points: number
): number[] {
  const boxes = sorted.slice(firstLaterThan(sorted, o - halfWidth))
  const beyond = (x: number): number => {
    let mass = 0
    for (const t of boxes) {
      if (t - halfWidth > x) break
      if (halfWidth === 0) mass += t > o && t <= x ? 1 : 0
      else mass += Math.max(0, Math.min(x, t + halfWidth) - Math.max(o, t - halfWidth)) / (2 * halfWidth)
    }
    return mass
  }
  const total = beyond(Infinity)
  const last = boxes[boxes.length - 1]! + halfWidth
  const out: number[] = []
  for (let k = 0; k < points; k += 1) {
    const target = ((k + 0.5) / points) * total
    let lo = o
    let hi = last
    // To a thirty-second of a day: the date is rounded to a whole one.
    while (hi - lo > 1 / 32) {
      const mid = (lo + hi) / 2
      if (beyond(mid) < target) lo = mid
      else hi = mid
    }
    out.push(Math.max(o + 1, Math.round(hi)))
  }
  return out
}

/**
 * The latenesses of a history for an invoice of each age: a company's open invoices share few ages,
 * and smoothing one reads the history a few hundred times over (the large company's 2,300 open
 * invoices took 12 ms of each forecast). A history is made for one forecast and goes with it.
 */
const latenessesMemo = new WeakMap<readonly number[], Map<number, number[]>>()

/**
 * Where an open invoice's money may land, as the customer's (else the company's) paid invoices
 * that were still unpaid at this one's age landed: SPREAD_POINTS equally likely dates, the
 * middles of equal slices of those latenesses, smoothed (smoothingDays; fewer dates when they
 * coincide). One date is a guess that is weeks off for a customer who pays anywhere from 40 to 95
 * days late; the spread puts each week's share where the history says it falls, and moves on with
 * the invoice's age as the single date does (a day that has passed drops out of what is still
 * possible). Null when neither history holds MIN_REDATE_SAMPLES invoices paid this late: the
 * single date stands. A regular payer later than it has ever been: evenly over the days of its
 * band from tomorrow (pastLatestBand).
 */
export function paymentSpread(
  invoice: Pick<OpenInvoice, 'dueDate' | 'txnDate' | 'customerId'>,
  history: CollectionHistory,
  today: LocalDate
): SpreadPart[] | null {
  const due = invoiceDueDate(invoice)
  const o = daysBetween(due, today)
  const band = pastLatestBand(history, invoice.customerId, o)
  if (band !== null)
    return Array.from({ length: band }, (_, k) => ({ date: addDays(today, k + 1), share: 1 / band }))
  for (const sorted of [history.byCustomer.get(invoice.customerId) ?? [], history.company]) {
    const from = firstLaterThan(sorted, o)
    const n = sorted.length - from
    if (n < MIN_REDATE_SAMPLES) continue
    const points = Math.min(SPREAD_POINTS, n)
    let byAge = latenessesMemo.get(sorted)
    if (!byAge) latenessesMemo.set(sorted, (byAge = new Map()))
    let latenesses = byAge.get(o)
    if (!latenesses) {
      latenesses =
        n > SMOOTH_MAX_SAMPLES
          ? Array.from({ length: points }, (_, k) => sorted[from + Math.floor(((k + 0.5) * n) / points)]!)
          : smoothedLatenesses(sorted, o, smoothingDays(sorted), points)
      byAge.set(o, latenesses)
    }
    const byDate = new Map<LocalDate, number>()
    for (const lateness of latenesses) {
      const date = addDays(due, lateness)
      byDate.set(date, (byDate.get(date) ?? 0) + 1 / points)
    }
    return [...byDate].map(([date, share]) => ({ date, share }))
  }
  return null
}

/** `cents` split by `parts`' shares into whole cents that add up to it exactly. */
export function splitByShare(
  cents: Cents,
  parts: readonly SpreadPart[]
): { date: LocalDate; cents: Cents }[] {
  let before = 0
  let cumulative = 0
  return parts.map((p, i) => {
    cumulative += p.share
    const upTo = i === parts.length - 1 ? cents : Math.round(cents * Math.min(1, cumulative))
    const part = { date: p.date, cents: upTo - before }
    before = upTo
    return part
  })
}

export interface CollectibleInvoice {
  invoice: OpenInvoice
  /** Open balance less the customer's unapplied payments, applied to the oldest invoices first. */
  collectibleCents: Cents
}

/** Open invoices net of unapplied customer payments and credits: QBO keeps such money as a credit
 *  in A/R while the invoice still looks open, and counting both would expect the same dollars twice. */
export function collectibleInvoices(
  books: Pick<Books, 'openInvoices' | 'unappliedPayments'>
): CollectibleInvoice[] {
  const byId = new Map<string, number>()
  const byName = new Map<string, number>()
  for (const u of books.unappliedPayments) {
    if (u.amountCents <= 0) continue
    if (u.customerId) byId.set(u.customerId, (byId.get(u.customerId) ?? 0) + u.amountCents)
    else {
      const name = normalizeName(u.customerName)
      byName.set(name, (byName.get(name) ?? 0) + u.amountCents)
    }
  }
  const open = books.openInvoices
    .filter((i) => i.balanceCents > 0)
    .sort((a, b) => (a.txnDate < b.txnDate ? -1 : a.txnDate > b.txnDate ? 1 : a.id < b.id ? -1 : 1))
  const out: CollectibleInvoice[] = []
  for (const invoice of open) {
    let collectible = invoice.balanceCents
    for (const [pool, key] of [
      [byId, invoice.customerId],
      [byName, normalizeName(invoice.customerName)]
    ] as const) {
      const credit = pool.get(key) ?? 0
      const used = Math.min(credit, collectible)
      if (used > 0) {
        pool.set(key, credit - used)
        collectible -= used
      }
    }
    if (collectible > 0) out.push({ invoice, collectibleCents: collectible })
  }
  return out
}

export type ReceivableStatus =
  /** In the base forecast: `expectedCents` on `date`. */
  | 'base'
  /** Past realistic collection: out of the base forecast, counted as upside. */
  | 'upside'
  /** The user said it will not be collected. */
  | 'wont-collect'

export interface ReceivableOverride {
  expectation: Expectation
  scope: 'invoice' | 'customer'
  /** An "expect on" date that has passed with the invoice still open: the history dates it again. */
  lapsed: boolean
}

export interface Receivable {
  invoice: OpenInvoice
  collectibleCents: Cents
  daysPastDue: number
  chance: number
  chanceBasis: ChanceBasis | 'expected-on'
  status: ReceivableStatus
  /** When the money is expected; null for a won't-collect invoice. Upside invoices keep the date
   *  the history gives, for a scenario that collects them. */
  date: LocalDate | null
  dateBasis: DateBasis | null
  /** collectible × chance, whole cents; what the base forecast counts (0 unless status is 'base'). */
  expectedCents: Cents
  /** Where the base forecast puts `expectedCents`: the user's date, or the spread of the customer's
   *  history (paymentSpread), or `date` alone when the history is too thin; empty out of the base. */
  parts: { date: LocalDate; cents: Cents }[]
  shift: LatenessShift
  override: ReceivableOverride | null
}

function overrideFor(
  books: Pick<Books, 'expectations'>,
  invoice: OpenInvoice,
  today: LocalDate
): ReceivableOverride | null {
  const own = books.expectations?.invoices[invoice.id]
  const customer = books.expectations?.customers[invoice.customerId]
  const [expectation, scope] = own
    ? [own, 'invoice' as const]
    : customer
      ? [customer, 'customer' as const]
      : [null, null]
  if (!expectation || !scope) return null
  return { expectation, scope, lapsed: 'expectOn' in expectation && expectation.expectOn < today }
}

/** Every collectible open invoice with its date, its chance and where it stands in the forecast. */
export function planReceivables(
  books: Pick<Books, 'openInvoices' | 'unappliedPayments' | 'paidInvoices' | 'expectations'>,
  today: LocalDate
): Receivable[] {
  const habits = paymentHabits(books)
  const history = collectionHistory(books)
  return collectibleInvoices(books).map(({ invoice, collectibleCents }): Receivable => {
    const shift = latenessFor(habits, invoice.customerId)
    const daysPastDue = daysBetween(invoiceDueDate(invoice), today)
    const override = overrideFor(books, invoice, today)
    const base = { invoice, collectibleCents, daysPastDue, shift, override }
    if (override && !override.lapsed) {
      if ('wontCollect' in override.expectation) {
        return {
          ...base,
          chance: 0,
          chanceBasis: 'expected-on',
          status: 'wont-collect',
          date: null,
          dateBasis: null,
          expectedCents: 0,
          parts: []
        }
      }
      return {
        ...base,
        chance: 1,
        chanceBasis: 'expected-on',
        status: 'base',
        date: override.expectation.expectOn,
        dateBasis: 'expected-on',
        expectedCents: collectibleCents,
        parts: [{ date: override.expectation.expectOn, cents: collectibleCents }]
      }
    }
    const { chance, basis: chanceBasis } = collectionChance(history, invoice.customerId, daysPastDue)
    const { date, basis: dateBasis } = expectedPaymentDate(invoice, shift, history, today)
    const realistic = chance >= REALISTIC_CHANCE && daysPastDue < handOffDays(history, invoice.customerId)
    const expectedCents = realistic ? Math.round(collectibleCents * chance) : 0
    return {
      ...base,
      chance,
      chanceBasis,
      status: realistic ? 'base' : 'upside',
      date,
      dateBasis,
      expectedCents,
      parts: realistic
        ? splitByShare(expectedCents, paymentSpread(invoice, history, today) ?? [{ date, share: 1 }])
        : []
    }
  })
}
