// The firm's Intuit app keys, entered once: every client added afterwards signs in with them. The
// core seals them in the secret store and never sends the secret back; this form shows which keys
// are stored (the Client ID's end) and the Redirect URI the Intuit app must list.

import { useMutation, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { ChannelInput, Environment } from '../../../../shared/contract'
import { Button } from '../../components/Button'
import { SelectField, TextField } from '../../components/fields'
import { ErrorNote } from '../../components/ui'
import { call } from '../../lib/api'
import { fieldError, toErrorValue } from '../../lib/errors'
import { instant } from '../../lib/format'
import { queries, queryClient } from '../../lib/queries'

const GUIDE_URL =
  'https://developer.intuit.com/app/developer/qbo/docs/get-started/get-client-id-and-client-secret'

const environments: { value: Environment; label: string }[] = [
  { value: 'production', label: 'Production: your clients’ real QuickBooks' },
  { value: 'sandbox', label: 'Intuit’s development sandbox' },
  { value: 'custom', label: 'A local QuickBooks sandbox (developers)' }
]

type KeysInput = ChannelInput<'intuitKeys.set'>

/**
 * A local sandbox describes itself in one JSON line (`npm run sandbox` prints it): its endpoints and
 * the app's keys. Pasting that line fills the form.
 */
function fromSandboxLine(text: string): KeysInput | null {
  try {
    const info = JSON.parse(text) as {
      apiBaseUrl?: string
      oauth?: {
        authorizeUrl: string
        tokenUrl: string
        revokeUrl: string
        clientId: string
        clientSecret: string
      }
    }
    if (!info.apiBaseUrl || !info.oauth) return null
    const { authorizeUrl, tokenUrl, revokeUrl, clientId, clientSecret } = info.oauth
    return {
      environment: 'custom',
      custom: { apiBaseUrl: info.apiBaseUrl, authorizeUrl, tokenUrl, revokeUrl },
      clientId,
      clientSecret
    }
  } catch {
    return null
  }
}

export function IntuitKeysSection() {
  const keys = useQuery(queries.intuitKeys)
  const [editing, setEditing] = useState(false)
  const [environment, setEnvironment] = useState<Environment>('production')
  const [clientId, setClientId] = useState('')
  const [clientSecret, setClientSecret] = useState('')
  const [sandboxLine, setSandboxLine] = useState('')
  const [lineError, setLineError] = useState<string | null>(null)

  const saved = () => {
    void queryClient.invalidateQueries({ queryKey: queries.intuitKeys.queryKey })
    setEditing(false)
    setClientId('')
    setClientSecret('')
    setSandboxLine('')
  }
  const save = useMutation({
    mutationFn: (input: KeysInput) => call('intuitKeys.set', input),
    onSuccess: saved,
    onError: (e) => toErrorValue(e)
  })
  const clear = useMutation({ mutationFn: () => call('intuitKeys.clear'), onSuccess: saved })

  if (!keys.data) return keys.error ? <ErrorNote error={keys.error.value} /> : null
  const view = keys.data
  const error = save.error ? toErrorValue(save.error) : null
  const showForm = editing || !view.configured

  const submit = () => {
    setLineError(null)
    if (environment === 'custom') {
      const parsed = fromSandboxLine(sandboxLine.trim())
      if (!parsed) {
        setLineError('Paste the JSON line the sandbox printed when it started')
        return
      }
      save.mutate(parsed)
      return
    }
    save.mutate({ environment, clientId, clientSecret })
  }

  return (
    <div className="settings-form" data-testid="intuit-keys">
      <p className="settings-hint">
        Every client signs in to Runway through your firm&apos;s Intuit developer app. Enter its keys once;
        then adding a client is one click and Intuit&apos;s consent page.{' '}
        <a href={GUIDE_URL} target="_blank" rel="noreferrer">
          Where to find the Client ID and secret
        </a>
      </p>
      {view.configured ? (
        <p className="keys-status" data-testid="intuit-keys-status">
          <span className="chip chip-ok">Stored</span>{' '}
          {environments.find((e) => e.value === view.environment)?.label ?? view.environment}
          {view.apiBaseUrl ? ` (${view.apiBaseUrl})` : ''} · Client ID ending <code>{view.clientIdEnd}</code>
          {view.updatedAt ? ` · saved ${instant(view.updatedAt)}` : ''}
        </p>
      ) : null}
      <div className="field">
        <span className="field-label">Redirect URI to add to your Intuit app</span>
        <code className="settings-path" data-testid="intuit-redirect-uri">
          {view.redirectUri}
        </code>
      </div>
      {showForm ? (
        <form
          className="settings-form"
          onSubmit={(e) => {
            e.preventDefault()
            submit()
          }}
        >
          <SelectField
            label="Keys for"
            value={environment}
            onChange={(e) => setEnvironment(e.target.value as Environment)}
          >
            {environments.map((e) => (
              <option key={e.value} value={e.value}>
                {e.label}
              </option>
            ))}
          </SelectField>
          {environment === 'custom' ? (
            <label className="field">
              <span className="field-label">The sandbox&apos;s line</span>
              <textarea
                className="input input-mono"
                rows={3}
                value={sandboxLine}
                onChange={(e) => setSandboxLine(e.target.value)}
                placeholder='{"apiBaseUrl":"http://127.0.0.1:8099", "oauth": {…}}'
                aria-invalid={lineError ? true : undefined}
                data-testid="intuit-sandbox-line"
              />
              <span className="field-hint">
                The JSON line `npm run sandbox` prints: its addresses and keys.
              </span>
              {lineError ? (
                <span className="field-error" role="alert">
                  {lineError}
                </span>
              ) : null}
            </label>
          ) : (
            <div className="settings-row">
              <TextField
                label="Client ID"
                value={clientId}
                onChange={(e) => setClientId(e.target.value)}
                error={fieldError(error, 'clientId')}
                errorId="intuit-id-error"
                autoComplete="off"
                data-testid="intuit-client-id"
              />
              <TextField
                label="Client secret"
                type="password"
                value={clientSecret}
                onChange={(e) => setClientSecret(e.target.value)}
                error={fieldError(error, 'clientSecret')}
                errorId="intuit-secret-error"
                autoComplete="off"
                data-testid="intuit-client-secret"
              />
            </div>
          )}
          {error && !fieldError(error, 'clientId') && !fieldError(error, 'clientSecret') ? (
            <ErrorNote error={error} compact />
          ) : null}
          <div className="settings-actions">
            <Button type="submit" variant="primary" busy={save.isPending} data-testid="intuit-keys-save">
              Save keys
            </Button>
            {view.configured ? <Button onClick={() => setEditing(false)}>Cancel</Button> : null}
          </div>
        </form>
      ) : (
        <div className="settings-actions">
          <Button onClick={() => setEditing(true)}>Replace keys…</Button>
          <Button variant="link" busy={clear.isPending} onClick={() => clear.mutate()}>
            Forget them
          </Button>
        </div>
      )}
    </div>
  )
}
