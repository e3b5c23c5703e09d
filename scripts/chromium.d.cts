// Types for scripts/chromium.cjs, which plain Node runs in `npm test` before any TypeScript is loaded.
export declare const SYSTEM_CHROMIUM: string[]

export type ChromiumFound = { ok: true; path: string; source: 'CHROMIUM_PATH' | 'system' | 'playwright' }
export type ChromiumMissing = { ok: false; message: string }

export declare function findChromium(options?: {
  env?: Record<string, string | undefined>
  exists?: (path: string) => boolean
  playwrightPath?: string | null
  osId?: string | null
  platform?: string
  isRoot?: boolean
}): ChromiumFound | ChromiumMissing

export declare function installCommand(osId: string | null, platform: string, isRoot: boolean): string
