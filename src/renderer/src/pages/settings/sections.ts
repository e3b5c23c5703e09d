// The Settings screen's sections, in the order it shows them: one component per file in this folder.
// A new section is one file and one entry here.

import type { ComponentType } from 'react'
import { AppearanceSection } from './AppearanceSection'
import { DataFolderSection } from './DataFolderSection'
import { DigestSection } from './DigestSection'
import { EmailBrandingSection } from './EmailBrandingSection'
import { FirmSection } from './FirmSection'
import { IntuitKeysSection } from './IntuitKeysSection'
import { MinimumCashSection } from './MinimumCashSection'
import { RemindersSection } from './RemindersSection'
import { StatusBandsSection } from './StatusBandsSection'
import { SyncSection } from './SyncSection'
import { TestDriveSection } from './TestDriveSection'

export interface SettingsSection {
  /** The anchor of the section (`#settings-<id>`) and its test id. */
  id: string
  title: string
  Component: ComponentType
}

export const settingsSections: SettingsSection[] = [
  { id: 'appearance', title: 'Appearance', Component: AppearanceSection },
  { id: 'intuit', title: 'Intuit keys', Component: IntuitKeysSection },
  { id: 'firm', title: 'Firm', Component: FirmSection },
  { id: 'sync', title: 'Syncing', Component: SyncSection },
  { id: 'digest', title: 'Weekly digest', Component: DigestSection },
  { id: 'email', title: 'Email & branding', Component: EmailBrandingSection },
  { id: 'bands', title: 'Status bands', Component: StatusBandsSection },
  { id: 'min-cash', title: 'Minimum cash', Component: MinimumCashSection },
  { id: 'reminders', title: 'Reminder messages', Component: RemindersSection },
  { id: 'test-drive', title: 'Test drive', Component: TestDriveSection },
  { id: 'data', title: 'Data and logs', Component: DataFolderSection }
]
