// Emailing a week's report: to the client's saved recipients (or others), once per recipient. A
// second send of the same week is refused with who already has it; "Send again" forces it.

import { useMutation, useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Button } from '../../components/Button'
import { Dialog } from '../../components/Dialog'
import { ErrorNote } from '../../components/ui'
import { ApiError, call } from '../../lib/api'
import { toErrorValue } from '../../lib/errors'
import { day } from '../../lib/format'
import { queries, queryClient } from '../../lib/queries'
import { notify } from '../../stores/notices'

/** After a send, the list's "Sent to" and the waiting count are out of date. */
function refreshAfterSend(): void {
  void queryClient.invalidateQueries({ queryKey: ['digests'] })
  void queryClient.invalidateQueries({ queryKey: queries.emailStatus.queryKey })
}

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/

export function SendDialog({
  companyId,
  weekEnd,
  onClose
}: {
  companyId: string | null
  weekEnd: string
  onClose(): void
}) {
  const saved = useQuery({
    queryKey: ['digest-recipients', companyId],
    queryFn: () => (companyId ? call('digest.recipients', { companyId }) : Promise.resolve([])),
    enabled: companyId !== null
  })
  const email = useQuery(queries.emailStatus)
  const [text, setText] = useState<string | null>(null)
  const [remember, setRemember] = useState(true)
  const [force, setForce] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const value = text ?? (saved.data ?? []).join(', ')
  const send = useMutation({
    mutationFn: async (to: string[]) => {
      if (companyId && remember) await call('digest.setRecipients', { companyId, to })
      return call('digest.send', {
        ...(companyId ? { companyId } : {}),
        weekEnd,
        to,
        ...(force ? { force } : {})
      })
    },
    onSuccess: (result) => {
      refreshAfterSend()
      notify(
        result.status === 'sent'
          ? { tone: 'success', text: `Sent to ${result.to.join(', ')}` }
          : {
              tone: 'warning',
              text: `The mail server did not answer: the email waits and goes once it does (${result.to.join(', ')}).`
            },
        10_000
      )
      onClose()
    }
  })
  const error = send.error ? toErrorValue(send.error) : null
  const alreadySent = send.error instanceof ApiError && send.error.kind === 'conflict'

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const to = value
      .split(/[\s,;]+/)
      .map((t) => t.trim())
      .filter(Boolean)
    const bad = to.filter((t) => !EMAIL.test(t))
    if (to.length === 0) return setProblem('Enter at least one email address')
    if (bad.length > 0) return setProblem(`Not an email address: ${bad.join(', ')}`)
    setProblem(null)
    send.mutate(to)
  }

  return (
    <Dialog
      title={`Email the ${companyId ? '' : 'portfolio '}report of the week ending ${day(weekEnd)}`}
      onClose={onClose}
      testId="send-dialog"
      footer={
        <>
          <Button variant="link" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            form="send-digest-form"
            variant="primary"
            busy={send.isPending}
            busyLabel="Sending"
            data-testid="confirm-send"
          >
            {force ? 'Send again' : 'Send'}
          </Button>
        </>
      }
    >
      <form id="send-digest-form" className="settings-form" onSubmit={submit} noValidate>
        {email.data && !email.data.configured ? (
          <p className="muted" data-testid="smtp-missing">
            Set up your mail server first: Settings, Email &amp; branding.
          </p>
        ) : null}
        <label className="field">
          <span className="field-label">To</span>
          <textarea
            className="input"
            rows={2}
            value={value}
            onChange={(e) => {
              setText(e.target.value)
              setProblem(null)
              send.reset()
            }}
            placeholder="owner@client.com, cfo@client.com"
            aria-invalid={problem ? true : undefined}
            data-testid="send-to"
          />
          {problem ? (
            <span className="field-error" role="alert">
              {problem}
            </span>
          ) : null}
        </label>
        {companyId ? (
          <label className="toggle">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Save
            as this client&apos;s recipients
          </label>
        ) : null}
        <p className="muted">
          The report goes as the email itself, with a plain-text part and the PDF attached.
        </p>
        {error ? <ErrorNote error={error} compact /> : null}
        {alreadySent ? (
          <label className="toggle">
            <input
              type="checkbox"
              checked={force}
              onChange={(e) => setForce(e.target.checked)}
              data-testid="send-force"
            />{' '}
            Send it again anyway
          </label>
        ) : null}
      </form>
    </Dialog>
  )
}
