// Display formatting. Amounts arrive as integer cents; dates as company-local YYYY-MM-DD, written
// as calendar dates (shared/dates' formatDay) so the user's own time zone can never move a due date.

import { formatDay } from '../../../shared/dates'

const moneyFormats = new Map<string, Intl.NumberFormat>()

function moneyFormat(currency: string, compact: boolean): Intl.NumberFormat {
  const key = `${currency}|${compact}`
  let f = moneyFormats.get(key)
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {})
    })
    moneyFormats.set(key, f)
  }
  return f
}

/** Intl writes a hyphen before a negative amount; every screen writes the minus sign (U+2212). */
const minus = (text: string): string => text.replace('-', '−')

/**
 * With cents: an amount a bookkeeper acts on or checks against QuickBooks (a bill, an invoice, a
 * payment, a reserve). Totals, forecasts and headline figures are in whole dollars (moneyWhole).
 */
export function money(cents: number, currency = 'USD'): string {
  return minus(moneyFormat(currency, false).format(cents / 100))
}

/** Whole dollars: headline figures where cents are noise. */
export function moneyWhole(cents: number, currency = 'USD'): string {
  return minus(
    new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(
      Math.round(cents / 100)
    )
  )
}

export function moneyCompact(cents: number, currency = 'USD'): string {
  return minus(moneyFormat(currency, true).format(cents / 100))
}

/** Cents as an amount field's starting text: "1250.5" → "1,250.50", whole dollars without cents. */
export function moneyInput(cents: number): string {
  return new Intl.NumberFormat('en-US', {
    minimumFractionDigits: cents % 100 === 0 ? 0 : 2,
    maximumFractionDigits: 2
  }).format(cents / 100)
}

/** "1,234.56" → 123456 cents; null when the text is not an amount. */
export function parseDollars(text: string): number | null {
  const clean = text.replace(/[$,\s]/g, '')
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(clean)
  if (!m) return null
  return Number(m[1]) * 100 + Number(((m[2] ?? '') + '00').slice(0, 2))
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

function utcDate(date: string): Date | null {
  const m = DATE_RE.exec(date)
  if (!m) return null
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
}

/** "12 Dec 2026" */
export function day(date: string | null | undefined): string {
  return date ? formatDay(date) : '—'
}

/** "12 Dec" */
export function dayShort(date: string | null | undefined): string {
  return date ? formatDay(date, false) : '—'
}

/** "12 Dec", with the year only when it differs from the reference date's (tables stay narrow). */
export function dayIn(date: string | null | undefined, reference: string): string {
  if (!date) return '—'
  return date.slice(0, 4) === reference.slice(0, 4) ? dayShort(date) : day(date)
}

export function daysBetween(from: string, to: string): number {
  const a = utcDate(from)
  const b = utcDate(to)
  if (!a || !b) return 0
  return Math.round((b.getTime() - a.getTime()) / 86_400_000)
}

export function addDays(date: string, days: number): string {
  const d = utcDate(date)
  if (!d) return date
  return new Date(d.getTime() + days * 86_400_000).toISOString().slice(0, 10)
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${Math.abs(n) === 1 ? one : many}`
}

/** The runway: "42 days" to the forecast's cash-zero date, or "More than 13 weeks" when cash lasts
 *  the whole forecast (what a null runway means in every channel). */
export function runwayDays(days: number | null): string {
  return days === null ? 'More than 13 weeks' : plural(days, 'day')
}

/** The same in a table cell, where "More than 13 weeks" would push the columns out of a window. */
export function runwayDaysShort(days: number | null): string {
  return days === null ? '13+ weeks' : plural(days, 'day')
}

/** What the 13-week forecast says about running dry, in the words every screen uses. */
export function cashZeroText(cashZeroDate: string | null): string {
  return cashZeroDate ? `Cash runs out ${day(cashZeroDate)}` : 'No cash gap in 13 weeks'
}

/** "+2 days" / "−3 days" / "±0 days", with a real minus sign. */
export function signedDays(days: number | null): string {
  if (days === null) return 'n/a'
  if (days === 0) return '±0 days'
  return `${days > 0 ? '+' : '−'}${plural(Math.abs(days), 'day')}`
}

/** An ISO instant as "25 Nov, 10:04" in the user's own zone (it is when *they* synced). */
export function instant(iso: string | null | undefined): string {
  if (!iso) return 'never'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", relative to `now`. */
export function ago(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never'
  const t = new Date(iso).getTime()
  if (Number.isNaN(t)) return iso
  const minutes = Math.round((now - t) / 60_000)
  if (minutes < 1) return 'just now'
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  if (hours < 24) return `${hours} h ago`
  return plural(Math.round(hours / 24), 'day') + ' ago'
}

export function timeOfDay(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
}
