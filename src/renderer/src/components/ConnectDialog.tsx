// Connecting (or reconnecting) a real QuickBooks company: the app's keys start Intuit's sign-in in
// the user's browser. The shell (Electron) catches Intuit's redirect to 127.0.0.1 and finishes the
// connection itself; pasting the address Intuit sent the browser to stays as the fallback (a redirect
// the shell could not catch, or a sign-in done on another computer).

import { useEffect, useEffectEvent, useRef, useState } from 'react'
import type { CompanySummary, Environment } from '../../../shared/contract'
import type { ErrorValue } from '../../../shared/errors'
import { call, onEvent } from '../lib/api'
import { fieldError, toErrorValue } from '../lib/errors'
import { queries, queryClient } from '../lib/queries'
import { notify } from '../stores/notices'
import { Button } from './Button'
import { Dialog } from './Dialog'
import { FieldError, SelectField, TextField } from './fields'
import { Spinner } from './Spinner'
import { ErrorNote } from './ui'

interface Props {
  /** The company being reconnected, if any. */
  company: CompanySummary | null
  onClose(): void
}

/** Opens Intuit's sign-in outside the app: the system browser under Electron, a new tab in the preview. */
function openSignIn(url: string): void {
  // No opener: Intuit's page gets no handle on this window.
  window.open(url, '_blank', 'noopener,noreferrer')
}

export function ConnectDialog({ company, onClose }: Props) {
  const [environment, setEnvironment] = useState<Exclude<Environment, 'custom'>>(
    company?.environment === 'production' ? 'production' : 'sandbox'
  )
  const [clientId, setClientId] = useState('')
  const [clientSecret, setClientSecret] = useState('')
  const [authorizeUrl, setAuthorizeUrl] = useState<string | null>(null)
  const [callbackUrl, setCallbackUrl] = useState('')
  const [copied, setCopied] = useState(false)
  const [error, setError] = useState<ErrorValue | null>(null)
  const [busy, setBusy] = useState(false)
  // Companies already connected when sign-in started: a companies.changed about one of them is not ours.
  const before = useRef<Set<string>>(new Set())
  // The shell's redirect and a pasted address can both finish the same sign-in; one success is enough.
  const done = useRef(false)

  const connected = (summary: CompanySummary) => {
    if (done.current) return
    done.current = true
    notify({ tone: 'success', text: `${summary.name} is connected. Its books are being copied now.` })
    void queryClient.invalidateQueries({ queryKey: queries.companies.queryKey })
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
      const started = await call('companies.connect', {
        environment,
        clientId: clientId.trim(),
        clientSecret: clientSecret.trim()
      })
      setAuthorizeUrl(started.authorizeUrl)
      openSignIn(started.authorizeUrl)
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setBusy(false)
    }
  }

  const finish = async () => {
    setError(null)
    setBusy(true)
    try {
      connected(await call('companies.completeConnect', { callbackUrl: callbackUrl.trim() }))
    } catch (e) {
      // The browser's redirect may have won the race and used the sign-in up: that is no failure.
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

  const idErr = fieldError(error, 'clientId')
  const secretErr = fieldError(error, 'clientSecret')
  const callbackErr = fieldError(error, 'callbackUrl')
  const other = error && !idErr && !secretErr && !callbackErr ? error : null

  return (
    <Dialog
      title={company ? `Reconnect ${company.name}` : 'Connect a QuickBooks company'}
      onClose={onClose}
      testId="connect-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          {authorizeUrl ? (
            <Button
              variant="primary"
              busy={busy}
              disabled={!callbackUrl.trim()}
              onClick={() => void finish()}
            >
              Finish connecting
            </Button>
          ) : (
            <Button
              variant="primary"
              busy={busy}
              disabled={!clientId.trim() || !clientSecret.trim()}
              onClick={() => void start()}
            >
              Continue to Intuit
            </Button>
          )}
        </>
      }
    >
      {!authorizeUrl ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault()
            void start()
          }}
        >
          <p className="dialog-lead">
            {company
              ? 'QuickBooks signed this company out. Sign in again with your Intuit app keys; the local copy of its books is kept.'
              : 'Use the keys of your Intuit developer app. They are stored encrypted on this computer.'}
          </p>
          <SelectField
            label="Environment"
            value={environment}
            onChange={(e) => setEnvironment(e.target.value as 'production' | 'sandbox')}
          >
            <option value="production">Production (real companies)</option>
            <option value="sandbox">Intuit sandbox</option>
          </SelectField>
          <TextField
            label="Client ID"
            error={idErr}
            errorId="connect-id-error"
            value={clientId}
            onChange={(e) => setClientId(e.target.value)}
            autoComplete="off"
          />
          <TextField
            label="Client secret"
            error={secretErr}
            errorId="connect-secret-error"
            type="password"
            value={clientSecret}
            onChange={(e) => setClientSecret(e.target.value)}
            autoComplete="off"
          />
        </form>
      ) : (
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
                Choose the company on Intuit&rsquo;s page and allow access. This window closes by itself once
                QuickBooks lets Runway in.
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
      )}
      {other ? <ErrorNote error={other} /> : null}
    </Dialog>
  )
}
