import { Notification } from 'electron'
import type { Core } from '../core'
import type { RunwayAlert } from '../../shared/views'

/** Desktop notifications for what needs the user while the window may be closed. */
export function notifyFromCore(
  core: Core,
  onClick: () => void,
  openCompany: (companyId: string) => void
): () => void {
  const show = (title: string, body: string, click: () => void = onClick): void => {
    if (!Notification.isSupported()) return
    const n = new Notification({ title, body })
    n.on('click', click)
    n.show()
  }
  return core.subscribe((event, payload) => {
    if (event === 'bills.payDue') {
      const { billIds } = payload as { billIds: string[] }
      show(
        'Payments planned for today',
        `${billIds.length} bill${billIds.length === 1 ? '' : 's'} you scheduled ${billIds.length === 1 ? 'is' : 'are'} due to be paid.`
      )
    } else if (event === 'digest.ready') {
      show('Weekly digest ready', 'This week’s runway digest is ready to read.')
    } else if (event === 'runway.alert') {
      const alert = payload as RunwayAlert
      show(alert.companyName, alert.message, () => openCompany(alert.companyId))
    } else if (event === 'sync.failed') {
      const { error } = payload as { error: { kind: string; message: string } }
      if (error.kind === 'auth') show('QuickBooks needs you to reconnect', error.message)
    }
  })
}
