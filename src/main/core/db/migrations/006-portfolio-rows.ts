import { sql, type Kysely } from 'kysely'

// The client list reads one row per company: the latest snapshot with its week-over-week change
// worked out when the snapshot is taken, so listing 50 companies costs 50 plain rows.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create table portfolio_rows (
        company_id text primary key references companies(id) on delete cascade,
        taken_at text not null,
        as_of text not null,
        status text not null,
        runway_days real,
        effective_days real,
        cash_zero_date text,
        cash_cents integer not null,
        overdue_ar_cents integer not null,
        ap_cents integer not null,
        week_change_days real
      )`
    )
    .execute(db)
  await sql
    .raw(
      `insert into portfolio_rows
       select s.company_id, s.taken_at, s.as_of, s.status, s.runway_days, s.effective_days, s.cash_zero_date,
              s.cash_cents, s.overdue_ar_cents, s.ap_cents,
              s.effective_days - (select w.effective_days from runway_snapshots w where w.company_id = s.company_id
                                  and w.taken_at <= strftime('%Y-%m-%dT%H:%M:%fZ', s.taken_at, '-7 days')
                                  order by w.taken_at desc limit 1)
       from runway_snapshots s
       where s.taken_at = (select max(taken_at) from runway_snapshots x where x.company_id = s.company_id)`
    )
    .execute(db)
}
