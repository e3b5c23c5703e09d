// The sidebar's navigation: each screen of the app other than a client's, in the order the sidebar
// lists them, with the page it shows. A new screen is one entry here and one name in stores/app's
// Screen; App.tsx and the sidebar need no change.

import type { ReactNode } from 'react'
import type { CompanySummary } from '../../shared/contract'
import { ActivityPage } from './pages/activity/ActivityPage'
import { DigestsPage } from './pages/digests/DigestsPage'
import { Portfolio } from './pages/Portfolio'
import { SettingsPage } from './pages/settings/SettingsPage'
import type { Screen } from './stores/app'

/** What the app frame offers a page: the dialogs it owns. */
export interface ScreenContext {
  /** Opens the connect dialog: a new company (null) or reconnecting one. */
  connect(company: CompanySummary | null): void
}

export interface NavScreen {
  id: Exclude<Screen, 'company'>
  /** The sidebar's label and the header's title. */
  label: string
  /** The header's line under the title. */
  subtitle?: string
  icon: ReactNode
  render(ctx: ScreenContext): ReactNode
}

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      className="nav-icon"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  )
}

export const navScreens: NavScreen[] = [
  {
    id: 'portfolio',
    label: 'Portfolio',
    icon: (
      <Icon>
        <rect x="1.5" y="1.5" width="5.5" height="5.5" rx="1.2" />
        <rect x="9" y="1.5" width="5.5" height="5.5" rx="1.2" />
        <rect x="1.5" y="9" width="5.5" height="5.5" rx="1.2" />
        <rect x="9" y="9" width="5.5" height="5.5" rx="1.2" />
      </Icon>
    ),
    render: (ctx) => <Portfolio onConnect={(company) => ctx.connect(company)} />
  },
  {
    id: 'digests',
    label: 'Digests',
    subtitle: 'Each client’s week as a report: open, export, send',
    icon: (
      <Icon>
        <rect x="2.5" y="1.5" width="11" height="13" rx="1.5" />
        <path d="M5 5h6M5 8h6M5 11h3.5" />
      </Icon>
    ),
    render: () => <DigestsPage />
  },
  {
    id: 'activity',
    label: 'Activity',
    subtitle: 'Every decision and action, syncs and what waits to be sent',
    icon: (
      <Icon>
        <path d="M1.5 8h3l2-5 3 10 2-5h3" />
      </Icon>
    ),
    render: () => <ActivityPage />
  },
  {
    id: 'settings',
    label: 'Settings',
    subtitle: 'For every client on this computer',
    icon: (
      <Icon>
        <circle cx="8" cy="8" r="2.2" />
        <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
      </Icon>
    ),
    render: () => <SettingsPage />
  }
]

export function navScreen(id: NavScreen['id']): NavScreen {
  const screen = navScreens.find((s) => s.id === id)
  if (!screen) throw new Error(`no screen ${id} in navScreens`)
  return screen
}
