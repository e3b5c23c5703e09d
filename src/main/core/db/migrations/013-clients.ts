import { sql, type Kysely } from 'kysely'

// A removed client's audit trail stays findable under its id: the reference to companies went to
// null on delete, which kept the entries but lost whose they were. SQLite cannot drop a foreign key
// in place, so the table is made again without it.
//
// The client list's Monday columns: the forecast's lowest cash point (and its day) and the must-pay
// bills due this week, kept on each company's row so the list still reads no forecast. Rows taken
// before lack them: they go, and the core takes a fresh one of each company when it starts.
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `create table activity_log_new (
      id integer primary key autoincrement,
      at text not null,
      company_id text,
      actor text not null,
      action text not null,
      details_json text not null
    )`,
    `insert into activity_log_new (id, at, company_id, actor, action, details_json)
      select id, at, company_id, actor, action, details_json from activity_log`,
    `drop table activity_log`,
    `alter table activity_log_new rename to activity_log`,
    `create index activity_log_company_at on activity_log (company_id, at)`,
    `delete from portfolio_rows`,
    `alter table portfolio_rows add column lowest_cash_cents integer not null default 0`,
    `alter table portfolio_rows add column lowest_cash_date text not null default ''`,
    `alter table portfolio_rows add column must_pay_week_cents integer not null default 0`,
    `alter table portfolio_rows add column must_pay_week_count integer not null default 0`
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}
