import type { Kysely } from 'kysely'

// One realm id can exist in several places (Intuit production, Intuit's sandbox, a local sandbox for
// the test drive), so a company is identified by where its API lives as well as by its realm.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('companies_realm').execute()
  await db.schema
    .alterTable('companies')
    .addColumn('api_base_url', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  await db.schema
    .createIndex('companies_connection')
    .on('companies')
    .columns(['environment', 'api_base_url', 'realm_id'])
    .unique()
    .execute()
}
