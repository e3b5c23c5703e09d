import { homedir } from 'node:os'
import { join } from 'node:path'

/** Where Electron's app.getPath('userData') points for this app, so every host shares one cache. */
export function defaultDataDir(platform = process.platform, env = process.env): string {
  const name = 'Runway Desktop'
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', name)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), name)
}
