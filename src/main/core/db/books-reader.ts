// The books as the runway engine reads them: one company's cached QBO records, shaped into `Books`.
// The only way the rest of the core reads cached QBO data. Amounts are home-currency cents; history
// is bounded to what the engine uses, read with the indexes the cache has for it.

import type Database from 'better-sqlite3'
import type { Sqlite } from './schema'
import { addDays, type LocalDate } from '../../../shared/dates'
import { toHome, type Cents as Money } from '../../../shared/money'
import type { Books, CashIn, CashOut, Expectation, OpenBill, OpenInvoice } from '../runway'

/**
 * History the engine looks at: half a year holds six monthly and thirteen biweekly occurrences for
 * recurring payments; burn uses the last 90 days of it. Paid invoices have their own window below.
 */
export const HISTORY_DAYS = 180

/**
 * Customers' payment habits come from the invoices *settled* in the last year (paid in full, with a
 * payment in it), not from those issued in the last half year: reading recently issued invoices
 * keeps only the ones already paid, which leaves out the slow ones still open, so every customer
 * looked faster than it is. Paid bills stay on HISTORY_DAYS: a year of them was no better in the
 * backtest (README, Forecast accuracy).
 */
export const PAID_INVOICE_HISTORY_DAYS = 365

type Row = Record<string, unknown>

interface Statements {
  [name: string]: Database.Statement
}

const SQL = {
  company: `select min_cash_cents from companies where id = ?`,
  homeCurrency: `select home_currency from qbo_company_info where company_id = ? limit 1`,
  // Balances are in each account's own currency; cashAccounts converts the foreign ones.
  cashAccounts: `select qbo_id id, name, account_type type, current_balance_cents balance, currency from qbo_accounts
                 where company_id = ? and account_type in ('Bank', 'Credit Card') and active = 1 order by name`,
  // QBO keeps the rate of the day on every foreign-currency transaction (home per foreign unit); the
  // latest one stands for today's, as the cache holds no rate table.
  latestRate: `select exchange_rate rate, txn_date date from (
                 select exchange_rate, txn_date, updated_at from qbo_deposits where company_id = @company and currency = @currency and exchange_rate > 0
                 union all select exchange_rate, txn_date, updated_at from qbo_purchases where company_id = @company and currency = @currency and exchange_rate > 0
                 union all select exchange_rate, txn_date, updated_at from qbo_payments where company_id = @company and currency = @currency and exchange_rate > 0
                 union all select exchange_rate, txn_date, updated_at from qbo_bill_payments where company_id = @company and currency = @currency and exchange_rate > 0
                 union all select exchange_rate, txn_date, updated_at from qbo_invoices where company_id = @company and currency = @currency and exchange_rate > 0
                 union all select exchange_rate, txn_date, updated_at from qbo_bills where company_id = @company and currency = @currency and exchange_rate > 0)
               order by txn_date desc, updated_at desc limit 1`,
  openBills: `select b.qbo_id id, b.vendor_id, coalesce(v.display_name, b.vendor_name, '') vendor_name, b.doc_number,
                 b.txn_date, b.due_date, b.home_total_cents total, b.home_balance_cents balance,
                 t.discount_percent, t.discount_days, coalesce(f.critical, 0) critical,
                 -- What the bill pays for: a landlord named "Pearl District Properties" is rent by its
                 -- "Rent or Lease" lines, which its name does not say.
                 -- As a JSON array: an account's name may hold a comma ("Meals, Entertainment").
                 (select json_group_array(distinct json_extract(l.value, '$.AccountBasedExpenseLineDetail.AccountRef.name'))
                  from json_each(b.raw_json, '$.Line') l
                  where json_extract(l.value, '$.AccountBasedExpenseLineDetail.AccountRef.name') is not null) account_names
              from qbo_bills b
              left join qbo_vendors v on v.company_id = b.company_id and v.qbo_id = b.vendor_id
              left join qbo_terms t on t.company_id = b.company_id and t.qbo_id = b.term_id
              left join vendor_flags f on f.company_id = b.company_id and f.vendor_id = b.vendor_id
              where b.company_id = ? and b.balance_cents <> 0 and b.balance_cents > 0`,
  // `<> 0` as well: SQLite uses a partial index only when the query repeats its condition, and the
  // open-items indexes (`balance_cents <> 0`) are what keep a read of 2,000 open invoices from
  // walking 33,000 rows.
  openInvoices: `select i.qbo_id id, i.customer_id, coalesce(c.display_name, i.customer_name, '') customer_name, i.doc_number,
                    i.txn_date, i.due_date, i.home_total_cents total, i.home_balance_cents balance,
                    coalesce(i.email, c.email) email, i.email_status
                 from qbo_invoices i
                 left join qbo_customers c on c.company_id = i.company_id and c.qbo_id = i.customer_id
                 where i.company_id = ? and i.balance_cents <> 0 and i.balance_cents > 0`,
  // With max(), SQLite takes the bare sent_by from the row holding the maximum: the last sender.
  reminders: `select invoice_id, max(sent_at) last_reminder, sent_by last_reminder_by, count(*) reminder_count from reminders
              where company_id = ? group by invoice_id`,
  // Fully paid invoices with a payment in the window, each with what was applied to it on each day
  // (earlier days too): found from the window's payments, so the read grows with the window, not
  // with how far back the books go. The window's applications come from its payments in date order
  // (CROSS JOIN keeps SQLite from starting at every invoice link the books ever had); an invoice's
  // earlier payments are looked up only when the window's did not pay all of it. With the large
  // company's year, 10,700 invoices: 124 → 84 ms, the same rows.
  paidInvoices: `with applied as (
                   select l.to_id id, p.txn_date paid_on, sum(l.amount_cents) cents
                   from qbo_payments p
                   cross join qbo_links l on l.company_id = p.company_id and l.from_entity = 'Payment'
                                         and l.from_id = p.qbo_id and l.to_entity = 'Invoice'
                   where p.company_id = @company and p.txn_date >= @from
                   group by l.to_id, p.txn_date),
                 settled as (
                   select i.qbo_id id, i.customer_id, i.due_date, i.txn_date, i.home_total_cents amount,
                          i.total_cents total, w.cents
                   from (select id, sum(cents) cents from applied group by id) w
                   cross join qbo_invoices i on i.company_id = @company and i.qbo_id = w.id
                   where i.balance_cents = 0)
                 select s.id, s.customer_id, s.due_date, s.txn_date, s.amount, a.paid_on, a.cents
                 from settled s join applied a on a.id = s.id
                 union all
                 select s.id, s.customer_id, s.due_date, s.txn_date, s.amount, p.txn_date, sum(l.amount_cents)
                 from settled s
                 cross join qbo_links l on l.company_id = @company and l.to_entity = 'Invoice' and l.to_id = s.id
                                       and l.from_entity = 'Payment'
                 cross join qbo_payments p on p.company_id = @company and p.qbo_id = l.from_id
                 where s.cents < s.total and p.txn_date < @from
                 group by s.id, p.txn_date
                 order by 1, 6`,
  paidBills: `select b.qbo_id id, b.vendor_id, b.due_date, b.txn_date, max(bp.txn_date) paid_date, b.home_total_cents amount
              from qbo_bills b
              join qbo_links l on l.company_id = b.company_id and l.to_entity = 'Bill' and l.to_id = b.qbo_id and l.from_entity = 'BillPayment'
              join qbo_bill_payments bp on bp.company_id = l.company_id and bp.qbo_id = l.from_id
              where b.company_id = ? and b.balance_cents = 0 and b.txn_date >= ?
              group by b.qbo_id`,
  // Cash leaves the bank by check bill payments and by purchases from a bank account (card
  // payoffs included); card purchases are not cash until the card is paid, so they are left out.
  billPaymentsOut: `select bp.txn_date date, bp.vendor_id payee_id, coalesce(v.display_name, bp.vendor_name, '') payee_name,
                       bp.home_total_cents amount, bp.account_id
                    from qbo_bill_payments bp
                    join qbo_accounts a on a.company_id = bp.company_id and a.qbo_id = bp.account_id and a.account_type = 'Bank'
                    left join qbo_vendors v on v.company_id = bp.company_id and v.qbo_id = bp.vendor_id
                    where bp.company_id = ? and bp.txn_date >= ? and bp.txn_date <= ?`,
  purchasesOut: `select p.txn_date date, p.payee_id, coalesce(p.payee_name, '') payee_name, p.home_total_cents amount,
                    p.account_id, p.credit
                 from qbo_purchases p
                 join qbo_accounts a on a.company_id = p.company_id and a.qbo_id = p.account_id and a.account_type = 'Bank'
                 where p.company_id = ? and p.txn_date >= ? and p.txn_date <= ?`,
  // Card charges reach the bank only with the card's payment; recurring detection lists them.
  cardCharges: `select p.txn_date date, p.payee_id, coalesce(p.payee_name, '') payee_name, p.home_total_cents amount, p.account_id
                 from qbo_purchases p
                 join qbo_accounts a on a.company_id = p.company_id and a.qbo_id = p.account_id and a.account_type = 'Credit Card'
                 where p.company_id = ? and p.txn_date >= ? and p.txn_date <= ? and p.credit = 0`,
  paymentsIn: `select p.txn_date date, p.customer_id payer_id, coalesce(p.customer_name, '') payer_name, p.home_total_cents amount
               from qbo_payments p
               join qbo_accounts a on a.company_id = p.company_id and a.qbo_id = p.deposit_account_id and a.account_type = 'Bank'
               where p.company_id = ? and p.txn_date >= ? and p.txn_date <= ?`,
  depositsIn: `select d.txn_date date, d.home_total_cents amount
               from qbo_deposits d
               join qbo_accounts a on a.company_id = d.company_id and a.qbo_id = d.account_id and a.account_type = 'Bank'
               where d.company_id = ? and d.txn_date >= ? and d.txn_date <= ?`,
  vendors: `select v.qbo_id id, v.display_name name, v.term_id, coalesce(f.critical, 0) critical
            from qbo_vendors v left join vendor_flags f on f.company_id = v.company_id and f.vendor_id = v.qbo_id
            where v.company_id = ? and v.active = 1`,
  customers: `select qbo_id id, display_name name, email from qbo_customers where company_id = ? and active = 1`,
  // Money customers have paid or been credited that no invoice has taken yet: unapplied payments
  // and open credit memos. Both lower what is still to collect (as QBO's A/R account shows).
  unapplied: `select qbo_id id, customer_id, coalesce(customer_name, '') customer_name, home_unapplied_cents amount, txn_date date
              from qbo_payments where company_id = ? and unapplied_cents > 0
              union all
              select m.qbo_id, m.customer_id, coalesce(c.display_name, ''), m.home_balance_cents, m.txn_date
              from qbo_credit_memos m left join qbo_customers c on c.company_id = m.company_id and c.qbo_id = m.customer_id
              where m.company_id = ? and m.balance_cents > 0`,
  vendorCredits: `select vc.qbo_id id, vc.vendor_id, coalesce(v.display_name, '') vendor_name, vc.home_balance_cents amount, vc.txn_date date
                  from qbo_vendor_credits vc left join qbo_vendors v on v.company_id = vc.company_id and v.qbo_id = vc.vendor_id
                  where vc.company_id = ? and vc.balance_cents > 0`,
  undepositedAccount: `select qbo_id id, current_balance_cents balance from qbo_accounts
                       where company_id = ? and account_type <> 'Bank' and name = 'Undeposited Funds'`,
  // Recent payments parked in Undeposited Funds that no deposit has taken to the bank yet.
  undeposited: `select p.qbo_id id, p.home_total_cents amount, p.txn_date date
                from qbo_payments p
                where p.company_id = ? and p.deposit_account_id = ? and p.txn_date >= ?
                  and not exists (select 1 from qbo_links l where l.company_id = p.company_id and l.from_entity = 'Deposit'
                                  and l.to_entity = 'Payment' and l.to_id = p.qbo_id)`,
  schedules: `select bill_id, pay_on from bill_schedules where company_id = ?`,
  expectations: `select target, target_id, expect_on, wont_collect from receivable_expectations where company_id = ?`,
  recurringDecisions: `select series_key, decision from recurring_decisions where company_id = ?`,
  reserves: `select id, name, amount_cents, until from reserves where company_id = ? and (until is null or until > ?)`,
  weekBills: `select count(*) n, coalesce(sum(home_total_cents), 0) total from qbo_bills where company_id = ? and txn_date between ? and ?`,
  weekBillPayments: `select count(*) n, coalesce(sum(home_total_cents), 0) total from qbo_bill_payments where company_id = ? and txn_date between ? and ?`,
  weekInvoices: `select count(*) n, coalesce(sum(home_total_cents), 0) total from qbo_invoices where company_id = ? and txn_date between ? and ?`,
  weekPayments: `select count(*) n, coalesce(sum(home_total_cents), 0) total from qbo_payments where company_id = ? and txn_date between ? and ?`
} as const

export interface Tally {
  count: number
  totalCents: number
}

export class BooksReader {
  private readonly statements: Statements = {}

  constructor(private readonly sqlite: Database.Database) {}

  private all(name: keyof typeof SQL, ...params: unknown[]): Row[] {
    const statement = (this.statements[name] ??= this.sqlite.prepare(SQL[name]))
    return statement.all(...params) as Row[]
  }

  homeCurrency(companyId: string): string {
    // A company that has not synced its preferences yet is taken to be in US dollars, QBO's default.
    return (this.all('homeCurrency', companyId)[0]?.home_currency as string | null | undefined) ?? 'USD'
  }

  /**
   * What waits in Undeposited Funds: the recent payments one by one, and whatever else the account
   * holds (QBO's balance is the truth) as one older item, so the total is right without reading
   * years of payments.
   */
  private undeposited(companyId: string, from: LocalDate): Books['undepositedFunds'] {
    const funds: Books['undepositedFunds'] = []
    for (const account of this.all('undepositedAccount', companyId)) {
      const recent = this.all('undeposited', companyId, account.id, from).map((r) => ({
        id: r.id as string,
        amountCents: r.amount as number,
        date: r.date as string
      }))
      funds.push(...recent)
      const older = (account.balance as number) - recent.reduce((s, f) => s + f.amountCents, 0)
      if (older > 0) funds.push({ id: `older-than-${from}`, amountCents: older, date: addDays(from, -1) })
    }
    return funds
  }

  /** Bank and card accounts in the home currency; a foreign one without any rate is left out. */
  private cashAccounts(
    companyId: string,
    homeCurrency: string
  ): Pick<Books, 'bankAccounts' | 'creditCards' | 'accountsLeftOut'> {
    const out: Required<Pick<Books, 'bankAccounts' | 'creditCards' | 'accountsLeftOut'>> = {
      bankAccounts: [],
      creditCards: [],
      accountsLeftOut: []
    }
    const rates = new Map<string, { rate: number; date: string } | undefined>()
    for (const r of this.all('cashAccounts', companyId)) {
      const account = { id: r.id as string, name: r.name as string }
      const type = r.type as 'Bank' | 'Credit Card'
      const list = type === 'Bank' ? out.bankAccounts : out.creditCards
      const currency = r.currency as string | null
      const balance = r.balance as number
      if (currency === null || currency === homeCurrency) {
        list.push({ ...account, balanceCents: balance })
        continue
      }
      if (!rates.has(currency)) {
        const found = this.all('latestRate', { company: companyId, currency })[0]
        rates.set(currency, found && { rate: found.rate as number, date: found.date as string })
      }
      const rate = rates.get(currency)
      if (!rate) {
        out.accountsLeftOut.push({ ...account, type, currency, balanceCents: balance })
        continue
      }
      list.push({
        ...account,
        balanceCents: toHome(balance as Money, rate.rate),
        foreign: { currency, balanceCents: balance, rate: rate.rate, rateDate: rate.date }
      })
    }
    return out
  }

  /** What happened in the books between two dates (inclusive): for the weekly digest. */
  week(
    companyId: string,
    from: LocalDate,
    to: LocalDate
  ): { newBills: Tally; billsPaid: Tally; invoicesSent: Tally; paymentsReceived: Tally } {
    const tally = (name: 'weekBills' | 'weekBillPayments' | 'weekInvoices' | 'weekPayments'): Tally => {
      const row = this.all(name, companyId, from, to)[0]!
      return { count: row.n as number, totalCents: row.total as number }
    }
    return {
      newBills: tally('weekBills'),
      billsPaid: tally('weekBillPayments'),
      invoicesSent: tally('weekInvoices'),
      paymentsReceived: tally('weekPayments')
    }
  }

  books(companyId: string, today: LocalDate): Books {
    const from = addDays(today, -HISTORY_DAYS)
    const paidFrom = addDays(today, -PAID_INVOICE_HISTORY_DAYS)
    const company = this.all('company', companyId)[0]
    const cashOut: CashOut[] = [
      ...this.all('billPaymentsOut', companyId, from, today).map((r): CashOut => ({
        date: r.date as string,
        payeeId: r.payee_id as string,
        payeeName: r.payee_name as string,
        amountCents: r.amount as number,
        kind: 'bill-payment',
        accountId: r.account_id as string
      })),
      ...this.all('purchasesOut', companyId, from, today)
        .filter((r) => r.credit === 0)
        .map((r): CashOut => ({
          date: r.date as string,
          payeeId: (r.payee_id as string | null) ?? null,
          payeeName: r.payee_name as string,
          amountCents: r.amount as number,
          kind: 'purchase',
          accountId: r.account_id as string
        }))
    ]
    const cashIn: CashIn[] = [
      ...this.all('paymentsIn', companyId, from, today).map((r): CashIn => ({
        date: r.date as string,
        payerId: r.payer_id as string,
        payerName: r.payer_name as string,
        amountCents: r.amount as number,
        kind: 'payment'
      })),
      ...this.all('depositsIn', companyId, from, today).map((r): CashIn => ({
        date: r.date as string,
        payerId: null,
        payerName: 'Deposit',
        amountCents: r.amount as number,
        kind: 'deposit'
      }))
    ]
    const paidInvoices: Books['paidInvoices'] = []
    for (const r of this.all('paidInvoices', { company: companyId, from: paidFrom })) {
      const payment = { date: r.paid_on as string, cents: r.cents as number }
      const last = paidInvoices.at(-1)
      if (last && last.id === r.id) {
        last.payments!.push(payment)
        last.paidDate = payment.date
      } else {
        paidInvoices.push({
          id: r.id as string,
          customerId: r.customer_id as string,
          dueDate: (r.due_date as string | null) ?? null,
          txnDate: r.txn_date as string,
          paidDate: payment.date,
          amountCents: r.amount as number,
          payments: [payment]
        })
      }
    }
    const reminders = new Map(this.all('reminders', companyId).map((r) => [r.invoice_id as string, r]))
    const plannedDates: Record<string, LocalDate> = {}
    for (const r of this.all('schedules', companyId)) plannedDates[r.bill_id as string] = r.pay_on as string
    const expectations: NonNullable<Books['expectations']> = { invoices: {}, customers: {} }
    for (const r of this.all('expectations', companyId)) {
      const expectation: Expectation =
        r.wont_collect === 1 ? { wontCollect: true } : { expectOn: r.expect_on as string }
      expectations[r.target === 'invoice' ? 'invoices' : 'customers'][r.target_id as string] = expectation
    }
    const recurringDecisions: NonNullable<Books['recurringDecisions']> = {}
    for (const r of this.all('recurringDecisions', companyId))
      recurringDecisions[r.series_key as string] = r.decision as 'confirmed' | 'dismissed'
    const homeCurrency = this.homeCurrency(companyId)
    return {
      homeCurrency,
      ...this.cashAccounts(companyId, homeCurrency),
      openBills: this.all('openBills', companyId).map((r): OpenBill => {
        const bill: OpenBill = {
          id: r.id as string,
          vendorId: r.vendor_id as string,
          vendorName: r.vendor_name as string,
          txnDate: r.txn_date as string,
          dueDate: (r.due_date as string | null) ?? null,
          totalCents: r.total as number,
          balanceCents: r.balance as number,
          critical: r.critical === 1
        }
        if (r.doc_number) bill.docNumber = r.doc_number as string
        const accountNames = JSON.parse((r.account_names as string | null) ?? '[]') as string[]
        if (accountNames.length > 0) bill.accountNames = accountNames
        if (
          typeof r.discount_percent === 'number' &&
          typeof r.discount_days === 'number' &&
          r.discount_percent > 0
        ) {
          bill.discount = {
            percent: r.discount_percent,
            byDate: addDays(r.txn_date as string, r.discount_days)
          }
        }
        return bill
      }),
      openInvoices: this.all('openInvoices', companyId).map((r): OpenInvoice => {
        const sent = reminders.get(r.id as string)
        const invoice: OpenInvoice = {
          id: r.id as string,
          customerId: r.customer_id as string,
          customerName: r.customer_name as string,
          txnDate: r.txn_date as string,
          dueDate: (r.due_date as string | null) ?? null,
          totalCents: r.total as number,
          balanceCents: r.balance as number,
          email: (r.email as string | null) ?? null,
          lastReminderAt: (sent?.last_reminder as string | undefined) ?? null,
          reminderCount: (sent?.reminder_count as number | undefined) ?? 0,
          lastReminderBy: (sent?.last_reminder_by as string | null | undefined) ?? null
        }
        if (r.doc_number) invoice.docNumber = r.doc_number as string
        if (r.email_status) invoice.emailStatus = r.email_status as string
        return invoice
      }),
      paidInvoices,
      paidBills: this.all('paidBills', companyId, from).map((r) => ({
        id: r.id as string,
        vendorId: r.vendor_id as string,
        dueDate: (r.due_date as string | null) ?? null,
        txnDate: r.txn_date as string,
        paidDate: r.paid_date as string,
        amountCents: r.amount as number
      })),
      cashOut,
      cashIn,
      cardCharges: this.all('cardCharges', companyId, from, today).map((r): CashOut => ({
        date: r.date as string,
        payeeId: (r.payee_id as string | null) ?? null,
        payeeName: r.payee_name as string,
        amountCents: r.amount as number,
        kind: 'purchase',
        accountId: r.account_id as string
      })),
      vendors: this.all('vendors', companyId).map((r) => ({
        id: r.id as string,
        name: r.name as string,
        hasTerms: r.term_id !== null,
        critical: r.critical === 1
      })),
      customers: this.all('customers', companyId).map((r) => ({
        id: r.id as string,
        name: r.name as string,
        email: (r.email as string | null) ?? null
      })),
      unappliedPayments: this.all('unapplied', companyId, companyId).map((r) => ({
        id: r.id as string,
        customerId: r.customer_id as string,
        customerName: r.customer_name as string,
        amountCents: r.amount as number,
        date: r.date as string
      })),
      vendorCredits: this.all('vendorCredits', companyId).map((r) => ({
        id: r.id as string,
        vendorId: r.vendor_id as string,
        vendorName: r.vendor_name as string,
        amountCents: r.amount as number,
        date: r.date as string
      })),
      undepositedFunds: this.undeposited(companyId, from),
      plannedDates,
      expectations,
      recurringDecisions,
      reserves: this.all('reserves', companyId, today).map((r) => ({
        id: r.id as string,
        name: r.name as string,
        amountCents: r.amount_cents as number,
        until: (r.until as string | null) ?? null
      })),
      minCashCents: (company?.min_cash_cents as number | undefined) ?? 0
    }
  }
}

// -- single records an action is about to act on ---------------------------------------------------

export interface BillToAct {
  qbo_id: string
  vendor_id: string
  vendor_name: string | null
  balance_cents: number
  doc_number: string | null
  /** QBO's version of the bill: a payment changes it, so a claim on one version is for one payment. */
  sync_token: string
}

export function findBill(sqlite: Sqlite, companyId: string, billId: string): BillToAct | undefined {
  return sqlite
    .prepare(
      `select b.qbo_id, b.vendor_id, coalesce(v.display_name, b.vendor_name) vendor_name, b.balance_cents, b.doc_number,
              b.sync_token
       from qbo_bills b left join qbo_vendors v on v.company_id = b.company_id and v.qbo_id = b.vendor_id
       where b.company_id = ? and b.qbo_id = ?`
    )
    .get(companyId, billId) as BillToAct | undefined
}

export function findCustomerName(sqlite: Sqlite, companyId: string, customerId: string): string | undefined {
  return sqlite
    .prepare('select display_name from qbo_customers where company_id = ? and qbo_id = ?')
    .pluck()
    .get(companyId, customerId) as string | undefined
}

export function findVendorName(sqlite: Sqlite, companyId: string, vendorId: string): string | undefined {
  return sqlite
    .prepare('select display_name from qbo_vendors where company_id = ? and qbo_id = ?')
    .pluck()
    .get(companyId, vendorId) as string | undefined
}

/** An active account a payment may come from, with its type; undefined when there is none by that id. */
export function findActiveAccount(
  sqlite: Sqlite,
  companyId: string,
  accountId: string
): { qbo_id: string; account_type: string } | undefined {
  return sqlite
    .prepare(
      `select qbo_id, account_type from qbo_accounts where company_id = ? and qbo_id = ? and active = 1`
    )
    .get(companyId, accountId) as { qbo_id: string; account_type: string } | undefined
}

export interface InvoiceToChase {
  qbo_id: string
  doc_number: string | null
  balance_cents: number
  due_date: string | null
  txn_date: string
  email: string | null
  customer_name: string
  /** When QBO last emailed it (DeliveryInfo.DeliveryTime), as QBO wrote it. */
  delivered: string | null
}

export function findInvoice(
  sqlite: Sqlite,
  companyId: string,
  invoiceId: string
): InvoiceToChase | undefined {
  return sqlite
    .prepare(
      `select i.qbo_id, i.doc_number, i.balance_cents, i.due_date, i.txn_date, coalesce(i.email, c.email) email,
              coalesce(c.display_name, i.customer_name, '') customer_name,
              json_extract(i.raw_json, '$.DeliveryInfo.DeliveryTime') delivered
       from qbo_invoices i left join qbo_customers c on c.company_id = i.company_id and c.qbo_id = i.customer_id
       where i.company_id = ? and i.qbo_id = ?`
    )
    .get(companyId, invoiceId) as InvoiceToChase | undefined
}

/** How SQLite reads the open bills and invoices (the test that holds them to the open-items indexes). */
export function openItemsPlan(sqlite: Sqlite): string[] {
  return (['openBills', 'openInvoices'] as const).flatMap((name) =>
    (sqlite.prepare(`explain query plan ${SQL[name]}`).all('company') as { detail: string }[]).map(
      (row) => row.detail
    )
  )
}
