// What the books say about one customer beyond the engine's Books: their last payment, wherever it
// was deposited (the Books' cash in counts only money that reached a bank account, so a payment
// waiting in Undeposited Funds is missing there but is still the customer paying).
import type { Sqlite } from './schema'

export function lastCustomerPayment(
  sqlite: Sqlite,
  companyId: string,
  customerId: string,
  today: string
): { date: string; amountCents: number } | null {
  const row = sqlite
    .prepare(
      `select txn_date date, sum(home_total_cents) amount from qbo_payments
       where company_id = ? and customer_id = ? and txn_date <= ?
       group by txn_date order by txn_date desc limit 1`
    )
    .get(companyId, customerId, today) as { date: string; amount: number } | undefined
  return row ? { date: row.date, amountCents: row.amount } : null
}
