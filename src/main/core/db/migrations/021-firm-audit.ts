import { sql, type Kysely } from 'kysely'

// Firm mode (issue 20): an audit entry's name in the firm, so the entries a desktop made before it
// joined go to the firm once (on joining, or when a company is first shared), and an entry pulled
// twice (joining again after leaving) is kept once. `firm_item` is set on every entry of a person's
// action (the ones the firm shares) and on every entry pulled from the firm; `firm_shared_at` says it
// is the firm's already (pushed, or pulled from it). Entries the firm never shares (syncs, company
// connections, repairs) have neither.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `alter table activity_log add column firm_item text`,
    `alter table activity_log add column firm_shared_at text`,
    `create unique index activity_log_firm_item on activity_log (company_id, firm_item)
       where firm_item is not null`,
    // Entries of people's actions written before this migration: the actions audit() records.
    `update activity_log set firm_item = 'local-' || id
       where company_id is not null and actor <> 'system'
         and action not like 'company.%' and action not like 'digest.%' and action not like 'sync.%'
         and action not in ('outbox.dismissed', 'data.repaired')`
  ])
    await sql.raw(statement).execute(db)
}
