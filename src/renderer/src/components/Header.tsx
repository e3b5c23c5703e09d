import type { AppInfo } from '../../../shared/contract'

interface Props {
  title: string
  subtitle?: string
  info: AppInfo | null
}

export function Header({ title, subtitle, info }: Props) {
  return (
    <header className="header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      </div>
      {info ? (
        <div className="app-info" data-testid="app-info">
          <span>
            {info.name} {info.version}
          </span>
          <span className="muted">· {info.host === 'electron' ? 'desktop' : info.host === 'web' ? 'browser preview' : 'cli'}</span>
        </div>
      ) : null}
    </header>
  )
}
