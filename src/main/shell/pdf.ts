import { BrowserWindow, dialog } from 'electron'
import type { PdfPrinter } from '../core/reports/pdf'

/** The app prints its reports with its own Chromium: a hidden window, no script, no network. */
export function electronPdfPrinter(): PdfPrinter {
  return {
    engine: 'electron',
    async print(html, pageSize) {
      const win = new BrowserWindow({
        show: false,
        webPreferences: {
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          javascript: false,
          disableBlinkFeatures: 'Auxclick'
        }
      })
      try {
        await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`)
        return await win.webContents.printToPDF({ pageSize, printBackground: true, preferCSSPageSize: true })
      } finally {
        win.destroy()
      }
    }
  }
}

/** Where an export goes: a folder the user picks; null when they cancel. */
export async function chooseExportFolder(): Promise<string | null> {
  const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
  const options = {
    title: 'Export the digest to…',
    properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[]
  }
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options)
  return result.canceled ? null : (result.filePaths[0] ?? null)
}
