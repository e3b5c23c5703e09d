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
  origin: Generated<'user' | 'test-drive'>
  min_cash_cents: Generated<number>
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

export interface BillSchedulesTable {
  company_id: string
  bill_id: string
  pay_on: string
  scheduled_at: string
  reminded_at: string | null
}

export interface ReservesTable {
  id: string
  company_id: string
  name: string
  amount_cents: number
  until: string | null
  created_at: string
}

export interface VendorFlagsTable {
  company_id: string
  vendor_id: string
  critical: number
}

export interface RemindersTable {
  id: Generated<number>
  company_id: string
  invoice_id: string
  stage: string
  sent_to: string | null
  sent_at: string
  request_id: string | null
}

export interface RunwaySnapshotsTable {
  company_id: string
  taken_at: string
  as_of: string
  status: string
  runway_days: number | null
  effective_days: number | null
  cash_zero_date: string | null
  cash_cents: number
  overdue_ar_cents: number
  ap_cents: number
}

export interface OutboxTable {
  id: string
  company_id: string
  request_id: string
  action: string
  payload_json: string
  summary: string
  status: 'live' | 'pending' | 'running' | 'done' | 'conflict' | 'failed'
  attempts: Generated<number>
  problem: string | null
  result_json: string | null
  created_at: string
  updated_at: string
}

export interface JobRunsTable {
  id: Generated<number>
  job: string
  company_id: string | null
  started_at: string
  finished_at: string | null
  outcome: 'ok' | 'failed' | 'skipped' | null
  details_json: string | null
}

export interface DigestsTable {
  company_id: string
  week_end: string
  generated_at: string
  digest_json: string
}

export interface DB {
  companies: CompaniesTable
  settings: SettingsTable
  activity_log: ActivityLogTable
  bill_schedules: BillSchedulesTable
  reserves: ReservesTable
  vendor_flags: VendorFlagsTable
  reminders: RemindersTable
  runway_snapshots: RunwaySnapshotsTable
  outbox: OutboxTable
  job_runs: JobRunsTable
  digests: DigestsTable
}

export type CompanyRow = Selectable<CompaniesTable>
export type NewCompany = Insertable<CompaniesTable>
export type CompanyUpdate = Updateable<CompaniesTable>
export type ActivityRow = Selectable<ActivityLogTable>
