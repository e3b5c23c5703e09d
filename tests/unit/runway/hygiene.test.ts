import { describe, expect, it } from 'vitest'
import { checkHygiene } from '../../../src/main/core/runway/hygiene'
import { TODAY, bill, books, burnOf, day, invoice } from './fixtures'

describe('hygiene', () => {
  // burn: 100,000 a day, so money-based checks cost amount ÷ 100,000 days
  const messy = books({
    cashOut: burnOf(100_000),
    openBills: [
      bill('nd1', 1_000, null),
      bill('nd2', 1_000, null),
      bill('nd3', 1_000, null),
      bill('ok', 1_000, day(10))
    ],
    vendors: [
      { id: 'v-nd1', name: 'One', hasTerms: false, critical: false },
      { id: 'v-nd2', name: 'Two', hasTerms: false, critical: false },
      { id: 'v-nd3', name: 'Three', hasTerms: true, critical: false },
      { id: 'v-ok', name: 'Okay', hasTerms: false, critical: false },
      // no terms, but no bill and no payment: nothing in the forecast depends on it
      { id: 'v-dormant', name: 'Dormant', hasTerms: false, critical: false }
    ],
    customers: [{ id: 'c-i3', name: 'Has email on file', email: 'ap@i3.example' }],
    openInvoices: [
      invoice('i1', 200_000, day(-10), { email: null }),
      invoice('i2', 200_000, day(-3), { email: '  ' }),
      invoice('i3', 300_000, day(-3), { email: null }), // the customer record has an address
      invoice('i4', 300_000, day(3), { email: null }), // not overdue
      invoice('L1', 600_000, day(10)),
      invoice('L2', 700_000, day(20))
    ],
    unappliedPayments: [{ id: 'u', customerName: 'Somebody', amountCents: 250_000, date: day(-20) }],
    undepositedFunds: [
      { id: 'old', amountCents: 1_500_000, date: day(-10) },
      { id: 'fresh', amountCents: 900_000, date: day(-3) }
    ],
    uncategorizedTransactions: [1, 2, 3, 4, 5].map((n) => ({ id: `t${n}`, date: day(-n), amountCents: 100 }))
  })

  it('counts each problem and prices it in days of runway error', () => {
    const report = checkHygiene(messy, TODAY)
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, { count: c.count, days: c.errorDays }]))
    expect(byId).toEqual({
      // 3 × 0.5
      'bills-without-due-date': { count: 3, days: 1.5 },
      // One, Two, Okay (Three has terms, Dormant is unused): 3 × 0.3
      'vendors-without-terms': { count: 3, days: 0.9 },
      // i1 + i2 = $4,000 overdue ÷ 1,000
      'overdue-invoices-without-email': { count: 2, days: 4 },
      // 250,000 ÷ 100,000 a day
      'unapplied-payments': { count: 1, days: 2.5 },
      // 1,500,000 ÷ 100,000 = 15, capped at 10; the 3-day-old deposit is fine
      'old-undeposited-funds': { count: 1, days: 10 },
      // L1, L2 over $5k: 2 × 1
      'large-unpaid-invoices': { count: 2, days: 2 },
      // 5 × 0.2
      'uncategorized-transactions': { count: 5, days: 1 }
    })
    expect(report.checks.find((c) => c.id === 'vendors-without-terms')!.items.map((i) => i.label)).toEqual([
      'One',
      'Two',
      'Okay'
    ])
  })

  it('scores 100 − the error as a share of the 91-day horizon, and puts the top three fixes first', () => {
    const report = checkHygiene(messy, TODAY)
    // 1.5 + 0.9 + 4 + 2.5 + 10 + 2 + 1 = 21.9 days; 100 × (1 − 21.9 / 91) = 75.93 → 76
    expect(report.totalErrorDays).toBe(21.9)
    expect(report.score).toBe(76)
    expect(report.topFixes.map((c) => c.id)).toEqual([
      'old-undeposited-funds',
      'overdue-invoices-without-email',
      'unapplied-payments'
    ])
    expect(report.topFixesErrorDays).toBe(16.5)
  })

  it('caps a single check at 10 days', () => {
    const many = books({ openBills: Array.from({ length: 30 }, (_, i) => bill(`b${i}`, 100, null)) })
    const check = checkHygiene(many, TODAY).checks.find((c) => c.id === 'bills-without-due-date')!
    expect(check.count).toBe(30)
    expect(check.errorDays).toBe(10)
  })

  it('clean books score 100 with nothing to fix', () => {
    const report = checkHygiene(
      books({
        openBills: [bill('b', 100, day(5))],
        vendors: [{ id: 'v-b', name: 'B', hasTerms: true, critical: false }]
      }),
      TODAY
    )
    expect(report.score).toBe(100)
    expect(report.totalErrorDays).toBe(0)
    expect(report.topFixes).toEqual([])
    // uncategorized transactions are only checked when the ledger supplies them
    expect(report.checks.some((c) => c.id === 'uncategorized-transactions')).toBe(false)
  })

  it('money problems cost no days when nothing burns', () => {
    const report = checkHygiene(
      books({ unappliedPayments: [{ id: 'u', customerName: 'X', amountCents: 1_000_000, date: day(-1) }] }),
      TODAY
    )
    expect(report.checks.find((c) => c.id === 'unapplied-payments')).toMatchObject({ count: 1, errorDays: 0 })
  })
})
