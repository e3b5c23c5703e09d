// Adding a client, or signing one in again: one click here, then Intuit's consent page in the user's
// browser, with the firm's Intuit keys entered once in Settings. The host (the shell's loopback
// listener, or the web host) catches the browser's return and finishes the connection itself;
// pasting the address the browser ended on stays as the fallback (a return the host could not catch,
// or a sign-in done on another computer).

import { useQuery } from '@tanstack/react-query'
import { useEffect, useEffectEvent, useRef, useState } from 'react'
import type { CompanySummary } from '../../../shared/contract'
import type { ErrorValue } from '../../../shared/errors'
import { call, onEvent } from '../lib/api'
import { fieldError, toErrorValue } from '../lib/errors'
import { portfolioKey, queries, queryClient } from '../lib/queries'
import { notify } from '../stores/notices'
import { useSyncStore } from '../stores/sync'
import { Button } from './Button'
import { Dialog } from './Dialog'
import { FieldError } from './fields'
import { Spinner } from './Spinner'
import { ErrorNote } from './ui'

interface Props {
  /** The company being reconnected, if any; null adds a new client. */
  company: CompanySummary | null
  onClose(): void
  /** Opens Settings at the Intuit keys (the dialog closes). */
  onOpenKeys(): void
}

/** Opens Intuit's sign-in outside the app: the system browser under Electron, a new tab in the preview. */
function openSignIn(url: string): void {
  // No opener: Intuit's page gets no handle on this window.
  window.open(url, '_blank', 'noopener,noreferrer')
}

export function ConnectDialog({ company, onClose, onOpenKeys }: Props) {
  const keys = useQuery(queries.intuitKeys)
  const [authorizeUrl, setAuthorizeUrl] = useState<string | null>(null)
  const [callbackUrl, setCallbackUrl] = useState('')
  const [copied, setCopied] = useState(false)
  const [error, setError] = useState<ErrorValue | null>(null)
  const [busy, setBusy] = useState(false)
  // Companies already connected when sign-in started: a companies.changed about one of them is not ours.
  const before = useRef<Set<string>>(new Set())
  // The host's catch and a pasted address can both finish the same sign-in; one success is enough.
  const done = useRef(false)
  const started = useRef(false)

  const connected = (summary: CompanySummary) => {
    if (done.current) return
    done.current = true
    notify({
      tone: 'success',
      text: company
        ? `${summary.name} is connected again.`
        : `${summary.name} is connected. Its books are being copied now.`
    })
    void queryClient.invalidateQueries({ queryKey: queries.companies.queryKey })
    void queryClient.invalidateQueries({ queryKey: portfolioKey })
    // Its books are copied now rather than at the next scheduled sync.
    void useSyncStore.getState().syncNow(summary.id)
    onClose()
  }

  const start = async () => {
    setError(null)
    setBusy(true)
    before.current = new Set(
      (queryClient.getQueryData(queries.companies.queryKey) ?? [])
        .filter((c) => c.status === 'connected')
        .map((c) => c.id)
    )
    try {
      const signIn = company
        ? await call('companies.reconnect', { companyId: company.id })
        : await call('companies.add')
      setAuthorizeUrl(signIn.authorizeUrl)
      openSignIn(signIn.authorizeUrl)
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setBusy(false)
    }
  }

  // One click: the sign-in starts as the dialog opens, once the keys are known to be there (a demo
  // company or one whose connection is kept needs none).
  const canStart = company !== null || keys.data?.configured === true
  const startOnce = useEffectEvent(() => {
    if (started.current) return
    started.current = true
    void start()
  })
  useEffect(() => {
    if (canStart) startOnce()
  }, [canStart])

  const finish = async () => {
    setError(null)
    setBusy(true)
    try {
      connected(await call('companies.completeConnect', { callbackUrl: callbackUrl.trim() }))
    } catch (e) {
      // The browser's return may have won the race and used the sign-in up: that is no failure.
      if (!done.current) setError(toErrorValue(e))
    } finally {
      setBusy(false)
    }
  }

  const onCompaniesChanged = useEffectEvent(async (companyIds: string[]) => {
    if (done.current) return
    try {
      const list = await call('companies.list')
      const arrived = list.find(
        (c) =>
          companyIds.includes(c.id) &&
          c.status === 'connected' &&
          (c.id === company?.id || !before.current.has(c.id))
      )
      if (arrived) connected(arrived)
    } catch (e) {
      if (!done.current) setError(toErrorValue(e))
    }
  })

  useEffect(() => {
    if (!authorizeUrl) return
    return onEvent('companies.changed', ({ companyIds }) => void onCompaniesChanged(companyIds))
  }, [authorizeUrl])

  const callbackErr = fieldError(error, 'callbackUrl')
  const needsKeys = (!company && keys.data?.configured === false) || fieldError(error, 'intuitKeys') !== null
  const other = error && !callbackErr && !needsKeys ? error : null

  return (
    <Dialog
      title={company ? `Reconnect ${company.name}` : 'Add a client'}
      onClose={onClose}
      testId="connect-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          {needsKeys ? (
            <Button variant="primary" onClick={onOpenKeys} data-testid="open-intuit-keys">
              Enter Intuit keys
            </Button>
          ) : authorizeUrl ? (
            <Button
              variant="primary"
              busy={busy}
              disabled={!callbackUrl.trim()}
              onClick={() => void finish()}
            >
              Finish connecting
            </Button>
          ) : (
            <Button variant="primary" busy={busy || keys.isPending} onClick={() => void start()}>
              Continue to Intuit
            </Button>
          )}
        </>
      }
    >
      {needsKeys ? (
        <div className="form" data-testid="connect-needs-keys">
          <p className="dialog-lead">
            {company
              ? `${company.name} signs in with your firm's Intuit app keys, and none are stored for its QuickBooks.`
              : "Clients sign in with your firm's Intuit app keys. Enter them once in Settings; after that, adding a client is one click and Intuit's consent page."}
          </p>
          {error && fieldError(error, 'intuitKeys') ? <ErrorNote error={error} /> : null}
        </div>
      ) : authorizeUrl ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault()
            void finish()
          }}
        >
          <div className="connect-wait" role="status" data-testid="connect-waiting">
            <Spinner label="Waiting for Intuit" />
            <div>
              <strong>Finish signing in in your browser…</strong>
              <p className="dialog-lead">
                {company
                  ? `Choose ${company.name} on Intuit's page and allow access. The copy of its books here is kept.`
                  : "Choose the company on Intuit's page and allow access."}{' '}
                This window closes by itself once QuickBooks lets Runway in.
              </p>
            </div>
          </div>
          <div className="connect-links">
            <Button variant="link" onClick={() => openSignIn(authorizeUrl)}>
              Open the sign-in page again
            </Button>
            <span className="muted" aria-hidden="true">
              ·
            </span>
            <Button
              variant="link"
              onClick={() => {
                void navigator.clipboard
                  ?.writeText(authorizeUrl)
                  .then(() => setCopied(true))
                  .catch(() => setCopied(false))
              }}
            >
              {copied ? 'Address copied' : 'Copy its address'}
            </Button>
          </div>
          <label className="field connect-paste">
            <span className="field-label">Or paste the address you were sent to</span>
            <input
              className="input input-mono"
              value={callbackUrl}
              onChange={(e) => setCallbackUrl(e.target.value)}
              placeholder="http://127.0.0.1:53682/qbo/callback?code=…"
              aria-invalid={callbackErr ? true : undefined}
              aria-describedby={callbackErr ? 'connect-callback-error' : 'connect-paste-hint'}
              data-testid="connect-callback"
            />
            <span className="field-hint" id="connect-paste-hint">
              Only needed if the browser ends on a page that cannot be reached.
            </span>
            <FieldError id="connect-callback-error" message={callbackErr} />
          </label>
        </form>
      ) : (
        <div className="connect-wait" role="status">
          <Spinner label="Starting" />
          <p className="dialog-lead">Opening Intuit&rsquo;s sign-in…</p>
        </div>
      )}
      {other ? <ErrorNote error={other} /> : null}
    </Dialog>
  )
}
