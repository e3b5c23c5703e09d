// Firm mode: this computer in the firm's PostgreSQL. Join with one's own login (the password goes to
// the secret store), see whether the server is reachable and what waits to be pushed, leave; a
// partner hands clients to people here.

import { useMutation, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Button } from '../../components/Button'
import { SelectField, TextField } from '../../components/fields'
import { ErrorNote } from '../../components/ui'
import { call } from '../../lib/api'
import { fieldError, toErrorValue } from '../../lib/errors'
import { instant } from '../../lib/format'
import { queries, queryClient } from '../../lib/queries'

const refresh = () => queryClient.invalidateQueries({ queryKey: ['firm'] })

export function FirmSection() {
  const status = useQuery(queries.firm)
  if (!status.data) return status.error ? <ErrorNote error={status.error.value} /> : null
  return status.data.joined ? <Joined /> : <JoinForm />
}

function JoinForm() {
  const [url, setUrl] = useState('')
  const [user, setUser] = useState('')
  const [password, setPassword] = useState('')
  const [firmSecret, setFirmSecret] = useState('')
  const join = useMutation({
    mutationFn: () => call('firm.join', { url, user, password, ...(firmSecret ? { firmSecret } : {}) }),
    onSuccess: () => {
      setPassword('')
      setFirmSecret('')
      void queryClient.invalidateQueries({ queryKey: ['intuit-keys'] })
      void refresh()
    }
  })
  const error = join.error ? toErrorValue(join.error) : null
  return (
    <form
      className="settings-form"
      data-testid="firm-join"
      onSubmit={(e) => {
        e.preventDefault()
        join.mutate()
      }}
    >
      <p className="settings-hint">
        Working with colleagues? Join your firm&apos;s server to share clients, decisions and the audit trail.
        Your firm&apos;s IT gives you its address and your own login. Everything keeps working here when the
        server is out of reach.
      </p>
      <TextField
        label="Server address"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        placeholder="postgres://db.yourfirm.example/runway?sslmode=verify-full"
        error={fieldError(error, 'url')}
        errorId="firm-url-error"
        autoComplete="off"
        data-testid="firm-url"
      />
      <div className="settings-row">
        <TextField
          label="Your login"
          value={user}
          onChange={(e) => setUser(e.target.value)}
          autoComplete="username"
          data-testid="firm-user"
        />
        <TextField
          label="Password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          data-testid="firm-password"
        />
      </div>
      <TextField
        label="Firm secret"
        type="password"
        value={firmSecret}
        onChange={(e) => setFirmSecret(e.target.value)}
        extra={
          <span className="settings-hint">
            Brings your firm&apos;s Intuit keys to this computer. The first partner to join chooses it; it
            never leaves your firm&apos;s computers.
          </span>
        }
        error={fieldError(error, 'firmSecret')}
        errorId="firm-secret-error"
        autoComplete="off"
        data-testid="firm-secret"
      />
      {error && !fieldError(error, 'url') && !fieldError(error, 'firmSecret') ? (
        <ServerSays message={error.message} />
      ) : null}
      <div className="settings-actions">
        <Button
          type="submit"
          variant="primary"
          busy={join.isPending}
          disabled={!url || !user || !password}
          data-testid="firm-join-submit"
        >
          Join the firm
        </Button>
      </div>
    </form>
  )
}

function Joined() {
  const status = useQuery(queries.firm).data!
  const leave = useMutation({
    mutationFn: (discard: boolean) => call('firm.leave', discard ? { discard } : {}),
    onSuccess: () => void refresh(),
    // The refusal counts what waits: the figure above is refreshed to match it.
    onError: () => void refresh()
  })
  const refused = leave.error ? toErrorValue(leave.error) : null
  return (
    <div className="settings-form" data-testid="firm-joined">
      <p className="keys-status" data-testid="firm-status">
        <span className={`chip ${status.connected ? 'chip-ok' : 'chip-warn'}`}>
          {status.connected ? 'Connected' : 'Offline'}
        </span>{' '}
        {status.user} ({status.role === 'partner' ? 'partner' : 'bookkeeper'}) · <code>{status.url}</code>
      </p>
      <dl className="firm-facts">
        <dt>Last sent</dt>
        <dd>{instant(status.lastPushAt)}</dd>
        <dt>Last received</dt>
        <dd>{instant(status.lastPullAt)}</dd>
        <dt>Intuit keys</dt>
        <dd data-testid="firm-keys">
          {status.firmSecret ? "the firm's (firm secret kept here)" : 'this computer’s own (no firm secret)'}
        </dd>
        <dt>Waiting to be sent</dt>
        <dd data-testid="firm-pending">
          {status.pending === 0 ? 'nothing' : `${status.pending} change${status.pending === 1 ? '' : 's'}`}
        </dd>
      </dl>
      {status.problem ? (
        <p className="field-error" role="status">
          {status.problem}
        </p>
      ) : null}
      {status.role === 'partner' ? <AssignForm /> : null}
      <div className="settings-actions">
        <Button
          variant="link"
          busy={leave.isPending && !leave.variables}
          onClick={() => leave.mutate(false)}
          data-testid="firm-leave"
        >
          Leave the firm on this computer
        </Button>
      </div>
      {refused ? (
        <div className="settings-actions" data-testid="firm-leave-refused">
          <p className="field-error" role="alert">
            {refused.message}
          </p>
          {refused.kind === 'conflict' ? (
            <Button
              variant="warn"
              busy={leave.isPending && leave.variables}
              onClick={() => leave.mutate(true)}
              data-testid="firm-leave-discard"
            >
              Leave anyway and drop {status.pending === 1 ? 'it' : 'them'}
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}

function AssignForm() {
  const companies = useQuery(queries.companies).data ?? []
  const handlers = useQuery(queries.firmHandlers).data ?? {}
  const [companyId, setCompanyId] = useState('')
  const [user, setUser] = useState('')
  const chosen = companyId || companies[0]?.id || ''
  const assign = useMutation({
    mutationFn: () => call('clients.assign', { companyId: chosen, user }),
    onSuccess: () => {
      setUser('')
      void refresh()
    }
  })
  const error = assign.error ? toErrorValue(assign.error) : null
  if (companies.length === 0) return null
  return (
    <form
      className="settings-form"
      data-testid="firm-assign"
      onSubmit={(e) => {
        e.preventDefault()
        assign.mutate()
      }}
    >
      <div className="settings-row">
        <SelectField label="Client" value={chosen} onChange={(e) => setCompanyId(e.target.value)}>
          {companies.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {handlers[c.id]?.length ? ` (${handlers[c.id]!.join(', ')})` : ''}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Hand over to (their login)"
          value={user}
          onChange={(e) => setUser(e.target.value)}
          autoComplete="off"
          data-testid="firm-assign-user"
        />
      </div>
      {error ? <ServerSays message={error.message} /> : null}
      <div className="settings-actions">
        <Button type="submit" busy={assign.isPending} disabled={!user} data-testid="firm-assign-submit">
          Assign
        </Button>
      </div>
    </form>
  )
}

/** The firm server's own words: a refused login is not QuickBooks asking to reconnect a client. */
function ServerSays({ message }: { message: string }) {
  return (
    <div className="error-note error-note-compact" role="alert">
      <span>{message.charAt(0).toUpperCase() + message.slice(1)}</span>
    </div>
  )
}
