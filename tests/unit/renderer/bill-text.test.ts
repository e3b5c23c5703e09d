// A bill row's words: one already delayed to (or past) the usual delay date is not offered that date
// again; one without a due date is not "overdue" under "No due date".

import { describe, expect, it } from 'vitest'
import { dueText, impactParts } from '../../../src/renderer/src/pages/company/Bills'
import type { BillRow } from '../../../src/shared/views'

function bill(extra: Partial<BillRow>): BillRow {
  return {
    id: '1',
    vendorId: 'v',
    vendorName: 'Acme',
    docNumber: null,
    totalCents: 10_000,
    balanceCents: 10_000,
    dueDate: '2026-12-15',
    plannedDate: '2026-12-15',
    scheduledPayOn: null,
    daysUntilDue: -3,
    category: 'can-delay',
    reasons: [],
    priority: 10,
    risk: 'low',
    criticalVendor: false,
    impact: {
      simpleImpactDays: 0,
      payNowDays: 0,
      delayTo: '2026-12-29',
      delayTodayDays: 40,
      delayAfterDays: 42,
      delayGainDays: 2
    },
    pending: false,
    ...extra
  }
}

describe('bill rows', () => {
  it('offers the delay date only to a bill not already delayed that far', () => {
    expect(impactParts(bill({})).delay).toBe('Delay to 29 Dec: +2 days')
    expect(impactParts(bill({ scheduledPayOn: '2026-12-29' })).delay).toBe(
      'Delayed to 29 Dec: in the forecast'
    )
    expect(impactParts(bill({ scheduledPayOn: '2027-01-10' })).delay).toBe(
      'Delayed to 10 Jan: in the forecast'
    )
    expect(impactParts(bill({ scheduledPayOn: '2026-12-20' })).delay).toBe('Delay to 29 Dec: +2 days')
  })

  it('says a bill without a due date is dated, not overdue', () => {
    expect(dueText(bill({ dueDate: null, daysUntilDue: -9 }))).toBe('dated 9 days ago')
    expect(dueText(bill({ dueDate: null, daysUntilDue: 0 }))).toBe('due on its date')
    expect(dueText(bill({ daysUntilDue: -9 }))).toBe('9 days overdue')
    expect(dueText(bill({ daysUntilDue: 0 }))).toBe('due today')
  })
})
