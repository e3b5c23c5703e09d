// What every user action needs: QBO through the company's client, the sync service (activity and
// the event-triggered refresh of touched records), the outbox for when QBO is unreachable, what is
// on its way already, and the runway before and after for the audit trail.

import type { QboConnections } from '../companies/connections'
import type { CoreContext } from '../context'
import type { EntityName } from '../qbo/entities'
import type { BillRow, InvoiceRow, RecurringView } from '../../../shared/views'
import type { RunwayContext, RunwayResult } from '../runway'
import type { InFlight } from './in-flight'
import type { FirmService } from '../firm/service'
import type { Outbox } from './outbox'
import type { SyncCoordinator } from '../sync'

export interface ActionDeps {
  ctx: CoreContext
  connections: QboConnections
  sync: SyncCoordinator
  outbox: Outbox
  /** The firm's server, in firm mode: decisions and audit entries shared, actions claimed. */
  firm: FirmService
  inFlight: InFlight
  runwayOf(companyId: string): RunwayResult
  /** The books and the prepared forecast the screens show now. */
  contextOf(companyId: string): RunwayContext
  /** The bill as the console shows it now; undefined once it is no longer open. */
  billRow(companyId: string, billId: string): BillRow | undefined
  /** The open invoices as the invoices list shows them now. */
  invoiceRows(companyId: string): InvoiceRow[]
  /** The recurring outflows the forecast found, with the user's verdicts. */
  recurring(companyId: string): RecurringView[]
  /** The books changed: forget the prepared runway (quietly, before the audit entry is written). */
  invalidate(companyId: string): void
  /** The books changed: forget prepared runways, take a snapshot, tell the windows. */
  changed(companyId: string): void
}

/** EVENT_TRIGGERED refresh of what an action touched; the next sync catches up if it fails now. */
export async function refreshTouched(
  deps: ActionDeps,
  companyId: string,
  refs: { entity: EntityName; id: string }[]
): Promise<void> {
  const service = deps.sync.service(companyId)
  service.recordUserActivity()
  try {
    await service.refreshRecords(refs)
  } catch {
    // The action itself succeeded in QBO; stale local rows are corrected by the next sync.
  }
}
