// Connecting (or reconnecting) a real QuickBooks company: the app's keys start Intuit's sign-in, and
// the address Intuit sends the browser back to finishes it.

import { useState } from 'react'
import type { CompanySummary, Environment } from '../../../shared/contract'
import type { ErrorValue } from '../../../shared/errors'
import { call } from '../lib/api'
import { fieldError, toErrorValue } from '../lib/errors'
import { useAppStore } from '../stores/app'
import { notify } from '../stores/notices'
import { Dialog } from './Dialog'
import { ErrorNote, FieldError, Spinner } from './ui'

interface Props {
  /** The company being reconnected, if any. */
  company: CompanySummary | null
  onClose(): void
}

export function ConnectDialog({ company, onClose }: Props) {
  const [environment, setEnvironment] = useState<Exclude<Environment, 'custom'>>(
    company?.environment === 'production' ? 'production' : 'sandbox'
  )
  const [clientId, setClientId] = useState('')
  const [clientSecret, setClientSecret] = useState('')
  const [authorizeUrl, setAuthorizeUrl] = useState<string | null>(null)
  const [callbackUrl, setCallbackUrl] = useState('')
  const [error, setError] = useState<ErrorValue | null>(null)
  const [busy, setBusy] = useState(false)
  const refresh = useAppStore((s) => s.refresh)

  const start = async () => {
    setError(null)
    setBusy(true)
    try {
      const started = await call('companies.connect', {
        environment,
        clientId: clientId.trim(),
        clientSecret: clientSecret.trim()
      })
      setAuthorizeUrl(started.authorizeUrl)
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
      const connected = await call('companies.completeConnect', { callbackUrl: callbackUrl.trim() })
      notify({ tone: 'success', text: `${connected.name} is connected. Its books are being copied now.` })
      await refresh()
      onClose()
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setBusy(false)
    }
  }

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
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          {authorizeUrl ? (
            <button
              type="button"
              className="button button-primary"
              disabled={busy || !callbackUrl.trim()}
              onClick={() => void finish()}
            >
              {busy ? <Spinner small /> : null}
              Finish connecting
            </button>
          ) : (
            <button
              type="button"
              className="button button-primary"
              disabled={busy || !clientId.trim() || !clientSecret.trim()}
              onClick={() => void start()}
            >
              {busy ? <Spinner small /> : null}
              Continue to Intuit
            </button>
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
          <label className="field">
            <span className="field-label">Environment</span>
            <select
              className="input"
              value={environment}
              onChange={(e) => setEnvironment(e.target.value as 'production' | 'sandbox')}
            >
              <option value="production">Production (real companies)</option>
              <option value="sandbox">Intuit sandbox</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">Client ID</span>
            <input
              className="input"
              value={clientId}
              onChange={(e) => setClientId(e.target.value)}
              autoComplete="off"
              aria-invalid={idErr ? true : undefined}
              aria-describedby={idErr ? 'connect-id-error' : undefined}
            />
            <FieldError id="connect-id-error" message={idErr} />
          </label>
          <label className="field">
            <span className="field-label">Client secret</span>
            <input
              className="input"
              type="password"
              value={clientSecret}
              onChange={(e) => setClientSecret(e.target.value)}
              autoComplete="off"
              aria-invalid={secretErr ? true : undefined}
              aria-describedby={secretErr ? 'connect-secret-error' : undefined}
            />
            <FieldError id="connect-secret-error" message={secretErr} />
          </label>
        </form>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault()
            void finish()
          }}
        >
          <ol className="steps">
            <li>
              Open Intuit&rsquo;s sign-in in your browser and choose the company:
              <div className="copy-row">
                <input
                  className="input input-mono"
                  readOnly
                  value={authorizeUrl}
                  aria-label="Sign-in address"
                  onFocus={(e) => e.target.select()}
                />
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => void navigator.clipboard?.writeText(authorizeUrl)}
                >
                  Copy
                </button>
              </div>
            </li>
            <li>
              <label className="field">
                <span>Paste the address Intuit sends you back to:</span>
                <input
                  className="input input-mono"
                  value={callbackUrl}
                  onChange={(e) => setCallbackUrl(e.target.value)}
                  placeholder="http://127.0.0.1:53682/qbo/callback?code=…"
                  aria-invalid={callbackErr ? true : undefined}
                  aria-describedby={callbackErr ? 'connect-callback-error' : undefined}
                />
                <FieldError id="connect-callback-error" message={callbackErr} />
              </label>
            </li>
          </ol>
        </form>
      )}
      {other ? <ErrorNote error={other} /> : null}
    </Dialog>
  )
}
