import { sql, type Kysely } from 'kysely'

// The client list's first screen without sorting every client (issue 19): worst first is an index of
// the figures (band, fewest days, earliest cash-zero date), so the first rows are read in order and
// the scan stops; the counts per status and of clients not connected or demo are read from indexes
// too. With 500 clients the first screen cost a sort of all 500 (half a millisecond) and a scan of
// every row for the counts; the index expressions are those db/snapshots.ts orders by.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create index portfolio_rows_worst on portfolio_rows (
         (case status when 'critical' then 0 when 'warning' then 1 when 'healthy' then 2
                      when 'excellent' then 3 end),
         status_days is null, status_days, cash_zero_date is null, cash_zero_date)`
    )
    .execute(db)
  await sql.raw(`create index portfolio_rows_status on portfolio_rows (status)`).execute(db)
  await sql.raw(`create index companies_status_origin on companies (status, origin)`).execute(db)
}
