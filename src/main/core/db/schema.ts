import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

export interface CompaniesTable {
  id: string
  name: string
  realm_id: string
  environment: 'production' | 'sandbox' | 'custom'
  status: 'connected' | 'needs-reconnect' | 'disconnected'
  /** For 'custom' environments (the local sandbox): where its API and OAuth endpoints live. */
  endpoints_json: string | null
  api_base_url: Generated<string>
  created_at: string
  last_sync_at: string | null
}

export interface SettingsTable {
  key: string
  value_json: string
  updated_at: string
}

export interface ActivityLogTable {
  id: Generated<number>
  at: string
  company_id: string | null
  actor: string
  action: string
  details_json: string
}

export interface DB {
  companies: CompaniesTable
  settings: SettingsTable
  activity_log: ActivityLogTable
}

export type CompanyRow = Selectable<CompaniesTable>
export type NewCompany = Insertable<CompaniesTable>
export type CompanyUpdate = Updateable<CompaniesTable>
export type ActivityRow = Selectable<ActivityLogTable>
