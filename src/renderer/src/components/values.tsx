// Amounts and dates as the screens write them: amounts in cents, tabular so columns line up; dates
// company-local, short where the context gives the year, in full on hover.

import type { ReactNode } from 'react'
import { day, dayIn, money, moneyWhole } from '../lib/format'

export function Money({
  cents,
  currency = 'USD',
  whole = false
}: {
  cents: number
  currency?: string
  /** Whole dollars, for headline figures where cents are noise. */
  whole?: boolean
}) {
  return <span className="amount">{whole ? moneyWhole(cents, currency) : money(cents, currency)}</span>
}

export function DateText({
  date,
  reference,
  children
}: {
  /** A missing date reads as a dash. */
  date: string | null
  /** Today, or the date the screen is about: the year is written only when it differs. */
  reference?: string
  /** Words instead of the date ("Today"); the date stays in the tooltip. */
  children?: ReactNode
}) {
  if (date === null) return <>—</>
  return (
    <time dateTime={date} title={day(date)}>
      {children ?? (reference === undefined ? day(date) : dayIn(date, reference))}
    </time>
  )
}
