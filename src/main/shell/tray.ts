import { Menu, nativeImage, Tray, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import type { Core } from '../core'
import { TRAY_ITEMS, trayView } from '../core/experiences/tray'
import type { PortfolioList } from '../../shared/contract'

/** The runway at a glance: the worst company's colour, and the worst companies in the menu. */
export function createTray(core: Core, resources: string, showWindow: () => BrowserWindow): () => void {
  const tray = new Tray(nativeImage.createFromPath(join(resources, 'tray-unknown.png')))
  const refresh = async (): Promise<void> => {
    const result = await core.invoke('portfolio.list', { limit: TRAY_ITEMS })
    if (!result.ok) return
    const view = trayView(result.value as PortfolioList)
    tray.setImage(nativeImage.createFromPath(join(resources, `tray-${view.status}.png`)))
    tray.setToolTip(view.tooltip)
    if (process.platform === 'darwin') tray.setTitle(view.title)
    tray.setContextMenu(
      Menu.buildFromTemplate([
        ...view.items.map((item) => ({ label: item.label, click: () => void showWindow() })),
        ...(view.more ? [{ label: `${view.more} more — open Runway`, click: () => void showWindow() }] : []),
        ...(view.items.length ? [{ type: 'separator' as const }] : []),
        { label: 'Open Runway', click: () => void showWindow() },
        { label: 'Sync all now', click: () => void core.invoke('sync.now', undefined) },
        { type: 'separator' },
        { role: 'quit' }
      ])
    )
  }
  const unsubscribe = core.subscribe((event) => {
    if (event === 'runway.changed' || event === 'companies.changed' || event === 'sync.finished')
      void refresh()
  })
  tray.on('click', () => void showWindow())
  void refresh()
  return () => {
    unsubscribe()
    tray.destroy()
  }
}
