// The Settings screen's sections, in the order it shows them: one component per file in this folder.
// A new section is one file and one entry here.

import type { ComponentType } from 'react'
import { AppearanceSection } from './AppearanceSection'
import { DataFolderSection } from './DataFolderSection'

export interface SettingsSection {
  /** The anchor of the section (`#settings-<id>`) and its test id. */
  id: string
  title: string
  Component: ComponentType
}

export const settingsSections: SettingsSection[] = [
  { id: 'appearance', title: 'Appearance', Component: AppearanceSection },
  { id: 'data', title: 'Data and logs', Component: DataFolderSection }
]
