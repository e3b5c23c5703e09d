import { describe, expect, it } from 'vitest'
import { DEFAULT_REMINDER_TEMPLATES } from '../../../src/shared/collections'
import {
  customerProfile,
  customerReminders,
  MEMO_MAX_CHARS,
  previewReminder
} from '../../../src/main/core/runway/collections'
import { books, day, invoice, TODAY } from './fixtures'

const acme = { customerId: 'c1', customerName: 'Acme', email: 'ap@acme.test' }

describe('one reminder per customer', () => {
  it('groups overdue invoices by customer, at the stage of the oldest, for what is left to pay', () => {
    const rows = customerReminders(
      books({
        openInvoices: [
          invoice('a', 100_000, day(-40), { ...acme, docNumber: '1001', totalCents: 150_000 }),
          invoice('b', 50_000, day(-5), { ...acme, docNumber: '1002' }),
          invoice('c', 70_000, day(10), { ...acme, docNumber: '1003' })
        ],
        unappliedPayments: [
          { id: 'u', customerId: 'c1', customerName: 'Acme', amountCents: 20_000, date: day(-1) }
        ]
      }),
      TODAY
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      stage: 'firm',
      oldestDaysOverdue: 40,
      overdueCents: 130_000,
      state: { action: 'send' }
    })
    // The unapplied $200 counts against the oldest invoice first; the one not yet due is not listed.
    expect(rows[0]!.invoices.map((i) => [i.invoiceId, i.owedCents])).toEqual([
      ['a', 80_000],
      ['b', 50_000]
    ])
  })

  it('a customer whose payments cover everything overdue is not listed', () => {
    const rows = customerReminders(
      books({
        openInvoices: [invoice('a', 100_000, day(-20), acme)],
        unappliedPayments: [
          { id: 'u', customerId: 'c1', customerName: 'Acme', amountCents: 100_000, date: day(-1) }
        ]
      }),
      TODAY
    )
    expect(rows).toEqual([])
  })

  it('keeps a week between two reminders to the customer, whichever invoice the last was for', () => {
    const rows = customerReminders(
      books({
        openInvoices: [
          invoice('a', 100_000, day(-20), acme),
          invoice('b', 100_000, day(-3), { ...acme, lastReminderAt: day(-2), reminderCount: 1 })
        ]
      }),
      TODAY
    )
    expect(rows[0]!.state).toEqual({ action: 'wait', until: day(5) })
    expect(rows[0]!.dueThisWeek).toBe(true)
  })

  it('the preview lists every invoice and fills every placeholder; it fits QBO’s 1000 characters', () => {
    const many = Array.from({ length: 40 }, (_, n) =>
      invoice(`i${n}`, 10_000 + n, day(-10 - n), { ...acme, docNumber: String(2000 + n) })
    )
    const [row] = customerReminders(books({ openInvoices: many.slice(0, 3) }), TODAY)
    const p = previewReminder(row!, DEFAULT_REMINDER_TEMPLATES, 'Brightline', 'USD')
    expect(p).toMatchObject({
      to: 'ap@acme.test',
      subject: 'Invoice 2002 from Brightline',
      sendInvoiceId: 'i2',
      stage: 'gentle'
    })
    for (const n of ['2000', '2001', '2002']) expect(p.body).toContain(`Invoice ${n},`)
    expect(p.body).not.toMatch(/\{\w+\}/)
    const [big] = customerReminders(books({ openInvoices: many }), TODAY)
    const long = previewReminder(big!, DEFAULT_REMINDER_TEMPLATES, 'Brightline')
    expect(long.body.length).toBeLessThanOrEqual(MEMO_MAX_CHARS)
    expect(long.body).toMatch(/- and \d+ more/)
    expect(long.stage).toBe('firm')
  })
})

describe('customer profile', () => {
  it('average lateness, trend over the recent paid invoices, open and overdue totals', () => {
    const paid = [5, 6, 4, 15, 18, 20].map((late, n) => ({
      id: `p${n}`,
      customerId: 'c1',
      txnDate: day(-170 + n * 20),
      dueDate: day(-140 + n * 20),
      paidDate: day(-140 + n * 20 + late),
      amountCents: 10_000
    }))
    const profile = customerProfile(
      books({
        openInvoices: [invoice('a', 30_000, day(-10), acme), invoice('b', 20_000, day(10), acme)],
        paidInvoices: paid,
        customers: [{ id: 'c1', name: 'Acme', email: null }]
      }),
      'c1',
      TODAY,
      { date: day(-3), amountCents: 12_345 }
    )
    expect(profile).toMatchObject({
      paidCount: 6,
      avgDaysLate: 11,
      trend: { direction: 'later', changeDays: 13, window: 6 },
      lastPayment: { date: day(-3), amountCents: 12_345 },
      openCents: 50_000,
      overdueCents: 30_000,
      overdueCount: 1
    })
  })
})
