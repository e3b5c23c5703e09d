// Settings: the sections of ./sections.ts, each a card of its own that saves on its own.

import { settingsSections } from './sections'

export function SettingsPage() {
  return (
    <div className="settings-page" data-testid="settings-page">
      <nav className="settings-toc" aria-label="Settings sections">
        <ul>
          {settingsSections.map((s) => (
            <li key={s.id}>
              <a href={`#settings-${s.id}`}>{s.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings-sections">
        {settingsSections.map(({ id, title, Component }) => (
          <section
            key={id}
            id={`settings-${id}`}
            className="card settings-section"
            aria-labelledby={`settings-${id}-title`}
            data-testid={`settings-${id}`}
          >
            <h2 className="card-title" id={`settings-${id}-title`}>
              {title}
            </h2>
            <Component />
          </section>
        ))}
      </div>
    </div>
  )
}
