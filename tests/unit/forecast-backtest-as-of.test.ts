// The backtest is only as honest as its as-of books: these hold the reconstruction to what could be
// known on the day, on a realm small enough to check by hand. Every derived field the realm carries
// (Balance, CurrentBalance, UnappliedAmt, LinkedTxn) is deliberately set to today's value or to
// nonsense, so a reconstruction that read them would fail.

import { describe, expect, it } from 'vitest'
import { ENTITY_NAMES, type EntityName, type QboRecord, type RealmData } from '@runway/qbo-sandbox'
import { generateCompanies } from '../../packages/qbo-sandbox/src/demo/generate'
import { bankBalances, booksAsOf, indexRealm } from '../bench/forecast/as-of-books'
import { backtestCompany, cashZeroMiss, originDays, REPORTED_WEEKS } from '../bench/forecast/backtest'
import { FLOW_WEEKS, flowBreakdown } from '../bench/forecast/flows'
import { checkAgainstReader } from '../bench/forecast/reader-check'
import { habitOracle } from '../bench/forecast/oracle'
import { branchBounds } from '../bench/forecast/bound'
import { moneyDate } from '../../src/main/core/runway/books'
import { addDays } from '../../src/shared/dates'

function realmOf(records: Array<[EntityName, QboRecord]>): RealmData {
  const entities = Object.fromEntries(ENTITY_NAMES.map((n) => [n, new Map<string, QboRecord>()])) as Record<
    EntityName,
    Map<string, QboRecord>
  >
  for (const [entity, rec] of records) entities[entity].set(rec.Id, rec)
  return { realmId: '1', companyName: 'Tiny Co', entities, deletions: [], nextId: 100 }
}

/** A record created in the morning of `created` (company time), as QBO stamps it. */
function rec(id: string, created: string, body: Record<string, unknown>): QboRecord {
  const at = `${created}T09:00:00-08:00`
  return { ...body, Id: id, SyncToken: '0', MetaData: { CreateTime: at, LastUpdatedTime: at } }
}

const SETUP = '2025-12-01'
const tiny = (): RealmData =>
  realmOf([
    ['Preferences', rec('1', SETUP, { CurrencyPrefs: { HomeCurrency: { value: 'USD' } } })],
    // Today's balance, far from any past one: a reconstruction must not read it.
    [
      'Account',
      rec('10', SETUP, { Name: 'Checking', AccountType: 'Bank', CurrentBalance: 99_999, Active: true })
    ],
    [
      'Account',
      rec('11', SETUP, { Name: 'Undeposited Funds', AccountType: 'Other Current Asset', CurrentBalance: 0 })
    ],
    ['Account', rec('12', SETUP, { Name: 'Opening Balance Equity', AccountType: 'Equity' })],
    ['Account', rec('13', SETUP, { Name: 'Supplies', AccountType: 'Expense' })],
    ['Vendor', rec('20', SETUP, { DisplayName: 'Paper Co', Active: true, TermRef: { value: '30' } })],
    ['Vendor', rec('21', '2026-02-20', { DisplayName: 'New Vendor', Active: true })],
    [
      'Customer',
      rec('25', SETUP, {
        DisplayName: 'Acme',
        Active: true,
        PrimaryEmailAddr: { Address: 'ap@acme.example' }
      })
    ],
    [
      'Deposit',
      rec('30', SETUP, {
        TxnDate: SETUP,
        DepositToAccountRef: { value: '10' },
        TotalAmt: 1000,
        Line: [
          {
            Amount: 1000,
            DetailType: 'DepositLineDetail',
            DepositLineDetail: { AccountRef: { value: '12' } }
          }
        ]
      })
    ],
    // Invoiced on 5 January, paid 40 on 20 January and the other 60 on 10 February; today QBO
    // shows it fully paid.
    [
      'Invoice',
      rec('40', '2026-01-05', {
        TxnDate: '2026-01-05',
        DueDate: '2026-02-04',
        CustomerRef: { value: '25', name: 'Acme' },
        TotalAmt: 100,
        Balance: 0,
        DocNumber: '1001',
        LinkedTxn: [
          { TxnId: '41', TxnType: 'Payment' },
          { TxnId: '42', TxnType: 'Payment' }
        ]
      })
    ],
    [
      'Payment',
      rec('41', '2026-01-20', {
        TxnDate: '2026-01-20',
        CustomerRef: { value: '25', name: 'Acme' },
        DepositToAccountRef: { value: '10' },
        TotalAmt: 40,
        UnappliedAmt: 0,
        Line: [{ Amount: 40, LinkedTxn: [{ TxnId: '40', TxnType: 'Invoice' }] }]
      })
    ],
    [
      'Payment',
      rec('42', '2026-02-10', {
        TxnDate: '2026-02-10',
        CustomerRef: { value: '25', name: 'Acme' },
        DepositToAccountRef: { value: '11' },
        TotalAmt: 60,
        UnappliedAmt: 0,
        Line: [{ Amount: 60, LinkedTxn: [{ TxnId: '40', TxnType: 'Invoice' }] }]
      })
    ],
    // The check of 10 February sits in Undeposited Funds until the 13th.
    [
      'Deposit',
      rec('43', '2026-02-13', {
        TxnDate: '2026-02-13',
        DepositToAccountRef: { value: '10' },
        TotalAmt: 60,
        Line: [{ Amount: 60, LinkedTxn: [{ TxnId: '42', TxnType: 'Payment' }] }]
      })
    ],
    [
      'Bill',
      rec('50', '2026-01-10', {
        TxnDate: '2026-01-10',
        DueDate: '2026-01-25',
        VendorRef: { value: '20', name: 'Paper Co' },
        TotalAmt: 25,
        Balance: 0,
        Line: [
          {
            Amount: 25,
            DetailType: 'AccountBasedExpenseLineDetail',
            AccountBasedExpenseLineDetail: { AccountRef: { value: '13' } }
          }
        ]
      })
    ],
    [
      'BillPayment',
      rec('51', '2026-01-25', {
        TxnDate: '2026-01-25',
        VendorRef: { value: '20', name: 'Paper Co' },
        PayType: 'Check',
        CheckPayment: { BankAccountRef: { value: '10' } },
        TotalAmt: 25,
        Line: [{ Amount: 25, LinkedTxn: [{ TxnId: '50', TxnType: 'Bill' }] }]
      })
    ],
    // Dated 28 January but keyed in on 3 February: not in the books of 31 January.
    [
      'Bill',
      rec('52', '2026-02-03', {
        TxnDate: '2026-01-28',
        DueDate: '2026-02-27',
        VendorRef: { value: '20', name: 'Paper Co' },
        TotalAmt: 70,
        Balance: 70
      })
    ],
    // Entered and dated after 31 January, from a vendor that did not exist yet either.
    [
      'Bill',
      rec('53', '2026-02-20', {
        TxnDate: '2026-02-20',
        DueDate: '2026-03-20',
        VendorRef: { value: '21', name: 'New Vendor' },
        TotalAmt: 500,
        Balance: 500
      })
    ],
    // A credit from Paper Co on 15 January, used on 25 February to pay part of bill 52.
    [
      'VendorCredit',
      rec('55', '2026-01-15', {
        TxnDate: '2026-01-15',
        VendorRef: { value: '20', name: 'Paper Co' },
        TotalAmt: 5,
        Balance: 0
      })
    ],
    [
      'BillPayment',
      rec('56', '2026-02-25', {
        TxnDate: '2026-02-25',
        VendorRef: { value: '20', name: 'Paper Co' },
        PayType: 'Check',
        CheckPayment: { BankAccountRef: { value: '10' } },
        TotalAmt: 65,
        Line: [
          { Amount: 70, LinkedTxn: [{ TxnId: '52', TxnType: 'Bill' }] },
          { Amount: 5, LinkedTxn: [{ TxnId: '55', TxnType: 'VendorCredit' }] }
        ]
      })
    ],
    [
      'Purchase',
      rec('54', '2026-02-05', {
        TxnDate: '2026-02-05',
        AccountRef: { value: '10' },
        PaymentType: 'Cash',
        EntityRef: { value: '20', name: 'Paper Co', type: 'Vendor' },
        TotalAmt: 15,
        Line: [
          {
            Amount: 15,
            DetailType: 'AccountBasedExpenseLineDetail',
            AccountBasedExpenseLineDetail: { AccountRef: { value: '13' } }
          }
        ]
      })
    ]
  ])

describe('books as of a past day', () => {
  const index = indexRealm(tiny())

  it('an invoice paid in two parts is open at its balance between them, and paid after the second', () => {
    const before = booksAsOf(index, '2026-01-10')
    expect(before.openInvoices).toEqual([
      expect.objectContaining({ id: '40', totalCents: 10_000, balanceCents: 10_000, customerName: 'Acme' })
    ])
    const between = booksAsOf(index, '2026-01-31')
    expect(between.openInvoices).toEqual([
      expect.objectContaining({ id: '40', totalCents: 10_000, balanceCents: 6_000, email: 'ap@acme.example' })
    ])
    expect(between.paidInvoices).toEqual([])
    const after = booksAsOf(index, '2026-02-10')
    expect(after.openInvoices).toEqual([])
    expect(after.paidInvoices).toEqual([
      expect.objectContaining({
        id: '40',
        paidDate: '2026-02-10',
        amountCents: 10_000,
        payments: [
          { date: '2026-01-20', cents: 4_000 },
          { date: '2026-02-10', cents: 6_000 }
        ]
      })
    ])
    // 40% came on 20 January, 60% 21 days later: on average 13 days after the first payment.
    expect(moneyDate(after.paidInvoices[0]!)).toBe('2026-02-02')
  })

  it('records created after the day are absent, backdated ones included, and appear once they exist', () => {
    const jan31 = booksAsOf(index, '2026-01-31')
    expect(jan31.openBills).toEqual([])
    expect(jan31.paidBills).toEqual([expect.objectContaining({ id: '50', paidDate: '2026-01-25' })])
    expect(jan31.vendors.map((v) => v.id)).toEqual(['20'])
    expect(jan31.cashOut).toEqual([expect.objectContaining({ date: '2026-01-25', amountCents: 2_500 })])

    const feb3 = booksAsOf(index, '2026-02-03')
    expect(feb3.openBills.map((b) => [b.id, b.balanceCents])).toEqual([['52', 7_000]])

    const feb20 = booksAsOf(index, '2026-02-20')
    expect(feb20.openBills.map((b) => b.id).sort()).toEqual(['52', '53'])
    expect(feb20.vendors.map((v) => v.id).sort()).toEqual(['20', '21'])
  })

  it('a vendor credit is open until a bill payment uses it', () => {
    expect(booksAsOf(index, '2026-01-14').vendorCredits).toEqual([])
    expect(booksAsOf(index, '2026-02-24').vendorCredits).toEqual([
      { id: '55', vendorId: '20', vendorName: 'Paper Co', amountCents: 500, date: '2026-01-15' }
    ])
    const feb25 = booksAsOf(index, '2026-02-25')
    expect(feb25.vendorCredits).toEqual([])
    expect(feb25.openBills.map((b) => b.id)).toEqual(['53'])
    expect(feb25.bankAccounts[0]!.balanceCents).toBe(106_000 - 6_500)
  })

  it('the bank balance is what the movements up to the day add to, not the balance of today', () => {
    expect(booksAsOf(index, '2026-01-19').bankAccounts).toEqual([
      { id: '10', name: 'Checking', balanceCents: 100_000 }
    ])
    // 1,000 opening + 40 received − 25 paid
    expect(booksAsOf(index, '2026-01-31').bankAccounts[0]!.balanceCents).toBe(101_500)
    // the 60 check is in Undeposited Funds, not the bank, until the deposit of the 13th
    const feb12 = booksAsOf(index, '2026-02-12')
    expect(feb12.bankAccounts[0]!.balanceCents).toBe(100_000)
    expect(feb12.undepositedFunds).toEqual([{ id: '42', amountCents: 6_000, date: '2026-02-10' }])
    const feb13 = booksAsOf(index, '2026-02-13')
    expect(feb13.bankAccounts[0]!.balanceCents).toBe(106_000)
    expect(feb13.undepositedFunds).toEqual([])
  })

  it('cash in and out hold only what is dated on or before the day', () => {
    const jan31 = booksAsOf(index, '2026-01-31')
    const byDate = (a: { date: string }, b: { date: string }): number => (a.date < b.date ? -1 : 1)
    expect(jan31.cashIn.sort(byDate).map((c) => [c.date, c.amountCents])).toEqual([
      ['2025-12-01', 100_000],
      ['2026-01-20', 4_000]
    ])
    const feb13 = booksAsOf(index, '2026-02-13')
    expect(feb13.cashOut.sort(byDate).map((c) => [c.date, c.kind])).toEqual([
      ['2026-01-25', 'bill-payment'],
      ['2026-02-05', 'purchase']
    ])
    expect(feb13.cashIn.sort(byDate).map((c) => c.date)).toEqual(['2025-12-01', '2026-01-20', '2026-02-13'])
  })

  it('the actual balance series runs by transaction date over the complete books', () => {
    const days = bankBalances(index, '2026-01-19', '2026-01-25')
    expect(days).toEqual([100_000, 104_000, 104_000, 104_000, 104_000, 104_000, 101_500])
  })
})

describe('accounts in another currency', () => {
  const cadDeposit = (id: string, day: string, amount: number, rate: number): [EntityName, QboRecord] => [
    'Deposit',
    rec(id, day, {
      TxnDate: day,
      DepositToAccountRef: { value: '10' },
      CurrencyRef: { value: 'CAD' },
      ExchangeRate: rate,
      TotalAmt: amount,
      Line: [
        {
          Amount: amount,
          DetailType: 'DepositLineDetail',
          DepositLineDetail: { AccountRef: { value: '12' } }
        }
      ]
    })
  ]
  const index = indexRealm(
    realmOf([
      ['Preferences', rec('1', SETUP, { CurrencyPrefs: { HomeCurrency: { value: 'USD' } } })],
      ['Account', rec('10', SETUP, { Name: 'Toronto', AccountType: 'Bank', CurrencyRef: { value: 'CAD' } })],
      ['Account', rec('11', SETUP, { Name: 'Paris', AccountType: 'Bank', CurrencyRef: { value: 'EUR' } })],
      ['Account', rec('12', SETUP, { Name: 'Sales', AccountType: 'Income' })],
      cadDeposit('20', '2026-01-08', 100, 0.75),
      cadDeposit('21', '2026-02-02', 100, 0.8)
    ])
  )

  it('are converted at the latest rate known on the day, or left out when there is none', () => {
    const jan31 = booksAsOf(index, '2026-01-31')
    expect(jan31.bankAccounts).toEqual([
      {
        id: '10',
        name: 'Toronto',
        balanceCents: 7_500,
        foreign: { currency: 'CAD', balanceCents: 10_000, rate: 0.75, rateDate: '2026-01-08' }
      }
    ])
    expect(jan31.accountsLeftOut).toEqual([
      { id: '11', name: 'Paris', type: 'Bank', currency: 'EUR', balanceCents: 0 }
    ])
    expect(booksAsOf(index, '2026-02-02').bankAccounts[0]).toMatchObject({
      balanceCents: 16_000,
      foreign: { balanceCents: 20_000, rate: 0.8, rateDate: '2026-02-02' }
    })
  })

  it('are not backtested: their actual balance would need the rate of every day', () => {
    expect(() => bankBalances(index, '2026-01-01', '2026-01-31')).toThrow(/foreign-currency/)
  })
})

/** The demo companies as generated on 1 June 2026 (seed 3). */
const demoCompanies = (): ReturnType<typeof generateCompanies> =>
  generateCompanies({ seed: 3, size: 'demo', today: '2026-06-01', now: '2026-06-01T12:00:00Z' })

describe('books as of a past day of a generated company', () => {
  it('hold no date after the day except the due dates of what is still open', () => {
    const [realm] = demoCompanies()
    const index = indexRealm(realm!)
    for (const lastDay of ['2025-09-07', '2025-12-14', '2026-03-01']) {
      const books = booksAsOf(index, lastDay)
      const dates = [
        ...books.openBills.map((b) => b.txnDate),
        ...books.openInvoices.map((i) => i.txnDate),
        ...books.paidBills.flatMap((b) => [b.txnDate, b.paidDate]),
        ...books.paidInvoices.flatMap((i) => [
          i.txnDate,
          i.paidDate,
          ...(i.payments ?? []).map((p) => p.date)
        ]),
        ...books.cashIn.map((c) => c.date),
        ...books.cashOut.map((c) => c.date),
        ...books.unappliedPayments.map((u) => u.date),
        ...books.undepositedFunds.map((u) => u.date)
      ]
      expect(dates.length).toBeGreaterThan(50)
      expect(dates.filter((d) => d > lastDay)).toEqual([])
      // Only payments made by the day are taken off: never more than the invoice, never all of it.
      expect(books.openInvoices.every((i) => i.balanceCents > 0 && i.balanceCents <= i.totalCents)).toBe(true)
    }
  })
})

describe('the books reader and the rebuilt books', () => {
  it('agree field by field, each paid invoice with what was applied to it on each day', async () => {
    // Redwood: its late payers often pay in parts.
    const realm = demoCompanies().find((r) => r.companyName.startsWith('Redwood'))!
    const index = indexRealm(realm)
    expect(await checkAgainstReader(realm, index, '2026-06-01')).toEqual([])
    const paid = booksAsOf(index, '2026-05-31').paidInvoices
    const inParts = paid.filter((p) => (p.payments ?? []).length >= 2)
    expect(inParts.length).toBeGreaterThan(0)
    for (const p of paid) {
      expect(p.payments!.reduce((s, x) => s + x.cents, 0)).toBe(p.amountCents)
      expect(p.payments!.at(-1)!.date).toBe(p.paidDate)
    }
    // Customers' habits are the invoices settled in the last year, whenever issued: the slow ones
    // issued more than half a year ago are in them (the reader agrees, above), none settled
    // earlier. Paid bills stay on the half year.
    expect(paid.some((d) => d.txnDate < '2025-12-03')).toBe(true)
    expect(paid.every((d) => d.paidDate >= '2025-06-01')).toBe(true)
    const bills = booksAsOf(index, '2026-05-31').paidBills
    expect(bills.length).toBeGreaterThan(0)
    expect(bills.every((b) => b.txnDate >= '2025-12-03')).toBe(true)
  }, 60_000)
})

describe('backtest arithmetic', () => {
  it('forecast days are weekly and the last one leaves 13 full weeks before today', () => {
    expect(originDays('2026-06-01', 3)).toEqual(['2026-02-16', '2026-02-23', '2026-03-02'])
  })

  it('a cash zero beyond 13 weeks counts as day 91', () => {
    expect(cashZeroMiss(null, null)).toBe(0)
    expect(cashZeroMiss(20, null)).toBe(71)
    expect(cashZeroMiss(null, 85)).toBe(6)
    expect(cashZeroMiss(10, 14)).toBe(4)
  })
})

describe('the error by flow', () => {
  it("accounts for every movement of the bank: the groups add up to the engine's error", () => {
    // Brightline: checks through Undeposited Funds, payroll through bills, a card paid from the bank.
    const realm = demoCompanies().find((r) => r.companyName.startsWith('Brightline'))!
    const index = indexRealm(realm)
    const result = backtestCompany(realm.companyName, index, '2026-06-01', 4)
    const flows = flowBreakdown(index, originDays('2026-06-01', 4), result.weeklyOutflowCents)
    FLOW_WEEKS.forEach((h, i) => {
      expect(flows.error[i]).toBeCloseTo(result.scores.engine.error[REPORTED_WEEKS.indexOf(h)]!, 9)
      // payroll through bills is payroll, not bills; the checks are collections
      expect(flows.groups.payroll.actual[i]).toBeLessThan(-1)
      expect(flows.groups.payroll.expected[i]).toBeLessThan(-1)
      expect(flows.groups.collections.actual[i]).toBeGreaterThan(0.5)
    })
  })
})

describe('the receivables oracle', () => {
  // It copies the generator's payment habits; were they to drift apart, its bound would be a
  // bound on nothing. Every payment the generator made after a day must fall on a day the oracle
  // gave money on that day, and it never expects more than is open.
  it('expects each open invoice on the days the generator really paid it', () => {
    for (const realm of demoCompanies()) {
      const oracle = habitOracle(realm.companyName)!
      const index = indexRealm(realm)
      let checked = 0
      for (const lastDay of ['2025-10-05', '2025-12-14', '2026-02-22']) {
        const today = addDays(lastDay, 1)
        for (const invoice of booksAsOf(index, lastDay).openInvoices) {
          const parts = oracle(invoice, today)!
          expect(parts, invoice.customerName).not.toBeNull()
          const expected = parts.reduce((s, p) => s + p.cents, 0)
          expect(expected).toBeLessThanOrEqual(invoice.balanceCents + 0.01)
          const days = new Set(parts.filter((p) => p.cents > 0).map((p) => p.date))
          // The generator's own story in the last twelve days before its today (a part payment,
          // on an invoice the habit left unpaid) is not a habit.
          const later = (index.applied.get(invoice.id) ?? []).filter(
            (a) => a.txnDate >= today && a.txnDate < '2026-05-19'
          )
          for (const a of later) expect(days.has(a.txnDate), `${invoice.id} paid ${a.txnDate}`).toBe(true)
          checked += later.length
        }
      }
      expect(checked).toBeGreaterThan(20)
    }
  })

  it('knows no customers of the large company', () => {
    const [large] = generateCompanies({
      seed: 3,
      size: 'large',
      today: '2026-06-01',
      now: '2026-06-01T12:00:00Z'
    })
    expect(habitOracle(large!.companyName)).toBeNull()
  })
})

describe('the floor', () => {
  // bound.ts branches the generator on each forecast day; a branch that changed the days before it
  // would make the floor a forecast of another company, and branchBounds refuses it.
  it('scores each demo company from futures that share the books up to the day', () => {
    const today = '2026-06-01'
    const realms = demoCompanies()
    const companies = new Map(
      realms.map((r) => {
        const index = indexRealm(r)
        return [
          r.companyName,
          { index, weeklyOutflowCents: backtestCompany(r.companyName, index, today, 1).weeklyOutflowCents }
        ]
      })
    )
    const input = {
      seed: 3,
      size: 'demo' as const,
      today,
      now: `${today}T12:00:00Z`,
      origins: originDays(today, 2),
      companies,
      branches: 3
    }
    const floors = branchBounds(input)
    expect([...floors.keys()].sort()).toEqual(realms.map((r) => r.companyName).sort())
    for (const score of floors.values())
      for (const x of [...score.median, ...score.mean]) expect(Number.isFinite(x) && x >= 0).toBe(true)
    // Another seed's futures are another company's: refused.
    expect(() => branchBounds({ ...input, seed: 4, branches: 1 })).toThrow(/changed the days before it/)
  })
})
