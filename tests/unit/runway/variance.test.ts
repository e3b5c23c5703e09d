// Why the runway moved: the causes' days add up to the change on generated books, each cause is
// named for what happened, and the ledger's runway is the forecast's.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { prepareRunway } from '../../../src/main/core/runway/calculator'
import type { Books } from '../../../src/main/core/runway/books'
import { explainChange, ledgerDays, ledgerOf } from '../../../src/main/core/runway/variance'
import { addDays } from '../../../src/shared/dates'
import { bank, bill, books, day, invoice, out, TODAY } from './fixtures'

const ledger = (b: Books, today: string) => {
  const ctx = prepareRunway(b, today)
  return { ctx, ledger: ledgerOf(b, ctx.model) }
}

describe('the forecast as a ledger', () => {
  it('has the forecast’s runway', () => {
    const b = books({
      bankAccounts: [bank(2_000_000)],
      openBills: [bill('b1', 900_000, day(10)), bill('b2', 1_500_000, day(30))],
      openInvoices: [invoice('i1', 500_000, day(20))],
      cashOut: [out(day(-20), 100_000, 'Shop', 'purchase'), out(day(-50), 80_000, 'Cafe', 'purchase')]
    })
    const { ctx, ledger: l } = ledger(b, TODAY)
    expect(ctx.runway.runwayDays).not.toBeNull()
    expect(ledgerDays(l)).toBe(ctx.runway.runwayDays)
  })
})

describe('why the runway moved', () => {
  it('says a week went by when nothing else happened: the cash-zero date stays, the runway is 7 days shorter', () => {
    const b = books({
      bankAccounts: [bank(1_000_000)],
      openBills: [bill('rent', 1_500_000, day(30))]
    })
    const before = ledger(b, TODAY)
    const after = ledger(b, day(7))
    expect(before.ctx.runway.cashZeroDate).toBe(after.ctx.runway.cashZeroDate)
    const v = explainChange(before.ledger, after.ledger, b)
    expect(v.changeDays).toBe(-7)
    expect(v.causes).toEqual([expect.objectContaining({ kind: 'time', days: -7, count: 7 })])
  })

  it('names new bills, money received and an invoice that did not come, with their amounts', () => {
    const b0 = books({
      bankAccounts: [bank(1_000_000)],
      openBills: [bill('rent', 1_500_000, day(40))],
      openInvoices: [invoice('late', 600_000, day(3)), invoice('paid', 200_000, day(20))]
    })
    const t1 = day(7)
    const b1: Books = {
      ...b0,
      bankAccounts: [bank(1_200_000)],
      openBills: [...b0.openBills, bill('new', 300_000, day(12))],
      openInvoices: [b0.openInvoices[0]!],
      paidInvoices: [
        {
          id: 'paid',
          customerId: 'c-paid',
          dueDate: day(20),
          txnDate: day(-40),
          paidDate: day(5),
          amountCents: 200_000
        }
      ],
      cashIn: [
        { date: day(5), payerId: 'c-paid', payerName: 'Customer paid', amountCents: 200_000, kind: 'payment' }
      ]
    }
    const v = explainChange(ledger(b0, TODAY).ledger, ledger(b1, t1).ledger, b1)
    const total = v.causes.reduce((s, c) => s + c.days, 0)
    expect(total).toBe(v.changeDays)
    expect(v.toDays).toBe(prepareRunway(b1, t1).runway.runwayDays)
    const kinds = Object.fromEntries(v.causes.map((c) => [c.kind, c]))
    expect(kinds['new-bills']).toMatchObject({ count: 1, amountCents: 300_000 })
    expect(kinds['payments-in']).toMatchObject({ amountCents: 200_000, count: 1 })
    expect(kinds['invoices-redated']).toMatchObject({ count: 1 })
    expect(kinds['invoices-redated']!.days).toBeLessThan(0)
  })

  it('adds up to the change on generated books, with "other" for what no cause explains', () => {
    const doc = fc.record({
      cents: fc.integer({ min: 1_000, max: 900_000 }),
      due: fc.integer({ min: -30, max: 120 })
    })
    fc.assert(
      fc.property(
        fc.record({
          bank0: fc.integer({ min: 0, max: 4_000_000 }),
          bankMove: fc.integer({ min: -1_500_000, max: 1_500_000 }),
          bills: fc.array(doc, { maxLength: 12 }),
          invoices: fc.array(doc, { maxLength: 12 }),
          newBills: fc.array(doc, { maxLength: 5 }),
          paid: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
          received: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
          spend: fc.array(fc.integer({ min: 100, max: 200_000 }), { maxLength: 8 }),
          reserve: fc.integer({ min: 0, max: 500_000 }),
          planned: fc.integer({ min: 0, max: 60 }),
          gap: fc.integer({ min: 1, max: 40 })
        }),
        (g) => {
          const t1 = day(g.gap)
          const bills = g.bills.map((d, i) => bill(`b${i}`, d.cents, day(d.due)))
          const invoices = g.invoices.map((d, i) => invoice(`i${i}`, d.cents, day(d.due)))
          const b0 = books({
            bankAccounts: [bank(g.bank0)],
            openBills: bills,
            openInvoices: invoices,
            cashOut: g.spend.map((c, i) => out(day(-5 - i * 9), c, `Shop ${i % 3}`, 'purchase'))
          })
          const b1: Books = {
            ...b0,
            bankAccounts: [bank(g.bank0 + g.bankMove)],
            openBills: [
              ...bills.filter((_, i) => !g.paid[i]),
              ...g.newBills.map((d, i) => bill(`n${i}`, d.cents, addDays(t1, d.due)))
            ],
            openInvoices: invoices.filter((_, i) => !g.received[i]),
            paidBills: bills
              .filter((_, i) => g.paid[i])
              .map((b) => ({
                id: b.id,
                vendorId: b.vendorId,
                dueDate: b.dueDate,
                txnDate: b.txnDate,
                paidDate: t1,
                amountCents: b.balanceCents
              })),
            paidInvoices: invoices
              .filter((_, i) => g.received[i])
              .map((x) => ({
                id: x.id,
                customerId: x.customerId,
                dueDate: x.dueDate,
                txnDate: x.txnDate,
                paidDate: t1,
                amountCents: x.balanceCents
              })),
            cashOut: [
              ...b0.cashOut,
              ...bills
                .filter((_, i) => g.paid[i])
                .map((b) => out(t1, b.balanceCents, b.vendorName, 'bill-payment'))
            ],
            cashIn: invoices
              .filter((_, i) => g.received[i])
              .map((x) => ({
                date: t1,
                payerId: x.customerId,
                payerName: x.customerName,
                amountCents: x.balanceCents,
                kind: 'payment' as const
              })),
            reserves: g.reserve > 0 ? [{ id: 'r', name: 'Tax', amountCents: g.reserve, until: null }] : [],
            plannedDates: bills[0] && !g.paid[0] ? { [bills[0].id]: addDays(t1, g.planned) } : {}
          }
          const before = ledger(b0, TODAY)
          const after = ledger(b1, t1)
          const v = explainChange(before.ledger, after.ledger, b1)
          expect(v.causes.reduce((s, c) => s + c.days, 0)).toBe(v.changeDays)
          expect(v.fromDays).toBe(ledgerDays(before.ledger))
          expect(v.toDays).toBe(ledgerDays(after.ledger))
          // Within the horizon the ledger's runway is the forecast's, on both sides.
          for (const side of [before, after])
            if (side.ctx.runway.runwayDays !== null)
              expect(ledgerDays(side.ledger)).toBe(side.ctx.runway.runwayDays)
          if (g.reserve > 0 && v.changeDays !== 0) expect(v.causes.map((c) => c.kind)).toContain('decisions')
        }
      ),
      { numRuns: 300, seed: 17 }
    )
  })
})
