// A row of tabs and the panel they control, wired as ARIA tabs (each tab names its panel and back).

import type { ReactNode } from 'react'

export interface TabItem<T extends string> {
  id: T
  label: string
  /** Where the work is, before the user clicks ("4 must pay"). */
  badge?: string
}

export function Tabs<T extends string>({
  tabs,
  selected,
  onSelect,
  label
}: {
  tabs: TabItem<T>[]
  selected: T
  onSelect(id: T): void
  label: string
}) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={selected === t.id}
          aria-controls={`panel-${t.id}`}
          className={selected === t.id ? 'tab tab-active' : 'tab'}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
          {t.badge ? <span className="tab-badge">{t.badge}</span> : null}
        </button>
      ))}
    </div>
  )
}

export function TabPanel({ id, children }: { id: string; children: ReactNode }) {
  return (
    <div role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} className="tab-panel">
      {children}
    </div>
  )
}
