// Something is on its way: a spinner alone where space is short, with words where there is room.

export function Spinner({ label, small }: { label?: string; small?: boolean }) {
  return (
    <span
      className={`spinner ${small ? 'spinner-small' : ''}`}
      role="status"
      aria-label={label ?? 'Loading'}
    />
  )
}

export function Loading({ what }: { what: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <Spinner label={`Loading ${what}`} />
      <span>Loading {what}…</span>
    </div>
  )
}
