import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('companies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('realm_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) =>
      c.notNull().check(sql`environment in ('production', 'sandbox', 'custom')`)
    )
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('connected', 'needs-reconnect', 'disconnected')`)
    )
    .addColumn('endpoints_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_sync_at', 'text')
    .execute()
  await db.schema
    .createIndex('companies_realm')
    .on('companies')
    .columns(['environment', 'realm_id'])
    .unique()
    .execute()

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('activity_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    // The audit trail outlives a removed company, so the reference is cleared rather than cascaded.
    .addColumn('company_id', 'text', (c) => c.references('companies.id').onDelete('set null'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('details_json', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('activity_log_company_at')
    .on('activity_log')
    .columns(['company_id', 'at'])
    .execute()
}
