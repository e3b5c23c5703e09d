// Email & branding: the firm on every report (its name and logo, the paper size), the mail server
// digests are sent through (its password goes to the secret store, never back to the screen), and
// how big a drop in a runway after a sync raises an alert.

import { useMutation, useQuery } from '@tanstack/react-query'
import { useState, type ChangeEvent } from 'react'
import { Button } from '../../components/Button'
import { SelectField, TextField } from '../../components/fields'
import { ErrorNote } from '../../components/ui'
import { call } from '../../lib/api'
import { toErrorValue } from '../../lib/errors'
import { queries, queryClient } from '../../lib/queries'
import { notify } from '../../stores/notices'
import { SettingsForm, wholeNumber } from './SettingsForm'
import { useSettings } from './useSettings'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const MAX_LOGO_BYTES = 280_000

export function EmailBrandingSection() {
  return (
    <div className="settings-form" data-testid="email-branding">
      <SettingsForm
        testId="branding-form"
        from={(s) => ({
          firmName: s.firmName,
          reportPageSize: s.reportPageSize,
          alertDropDays: String(s.alertDropDays)
        })}
        check={(d) => {
          const drop = wholeNumber(d.alertDropDays, 1, 90, 'the days')
          if (typeof drop === 'string') return { errors: { alertDropDays: drop } }
          return {
            patch: {
              firmName: d.firmName.trim(),
              reportPageSize: d.reportPageSize === 'A4' ? 'A4' : 'Letter',
              alertDropDays: drop
            }
          }
        }}
      >
        {(f) => (
          <>
            <p className="settings-hint">
              Your firm&apos;s name and logo head every report you export or send to a client.
            </p>
            <TextField label="Firm name" placeholder="Ledger & Co. Bookkeeping" {...f.field('firmName')} />
            <div className="settings-row">
              <SelectField label="Paper" {...f.field('reportPageSize')}>
                <option value="Letter">Letter</option>
                <option value="A4">A4</option>
              </SelectField>
              <TextField
                label="Alert when a sync takes more days than"
                inputMode="numeric"
                {...f.field('alertDropDays')}
              />
            </div>
          </>
        )}
      </SettingsForm>
      <LogoField />
      <SmtpForm />
      <PasswordField />
      <TestEmail />
    </div>
  )
}

function LogoField() {
  const { settings, save } = useSettings()
  const [problem, setProblem] = useState<string | null>(null)
  const logo = settings.data?.firmLogo ?? null
  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    e.target.value = ''
    if (!file) return
    if (!/^image\/(png|jpeg|svg\+xml)$/.test(file.type)) return setProblem('Pick a PNG, JPEG or SVG image')
    if (file.size > MAX_LOGO_BYTES) return setProblem('Pick an image under 280 KB')
    setProblem(null)
    const reader = new FileReader()
    reader.onload = () => save.mutate({ firmLogo: String(reader.result) })
    reader.readAsDataURL(file)
  }
  return (
    <div className="field" data-testid="firm-logo">
      <span className="field-label">Logo</span>
      <div className="settings-row">
        {logo ? <img src={logo} alt="Your firm's logo" className="settings-logo" /> : null}
        <input
          type="file"
          accept="image/png,image/jpeg,image/svg+xml"
          onChange={pick}
          aria-label="Logo file"
        />
        {logo ? (
          <Button variant="link" onClick={() => save.mutate({ firmLogo: null })}>
            Remove
          </Button>
        ) : null}
      </div>
      {problem ? (
        <span className="field-error" role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  )
}

function SmtpForm() {
  return (
    <SettingsForm
      testId="smtp-form"
      from={(s) => ({
        host: s.smtp?.host ?? '',
        port: String(s.smtp?.port ?? 587),
        security: s.smtp?.security ?? 'starttls',
        user: s.smtp?.user ?? '',
        from: s.smtp?.from ?? ''
      })}
      fieldOf={(path) => (path.startsWith('smtp.') ? (path.slice(5) as 'host') : null)}
      check={(d) => {
        if (d.host.trim() === '' && d.from.trim() === '') return { patch: { smtp: null } }
        const port = wholeNumber(d.port, 1, 65535, 'the port')
        const errors: Record<string, string> = {}
        if (d.host.trim() === '') errors.host = 'Enter the mail server, e.g. smtp.office365.com'
        if (typeof port === 'string') errors.port = port
        if (!EMAIL.test(d.from.trim())) errors.from = 'Enter the address digests are sent from'
        if (Object.keys(errors).length > 0) return { errors }
        return {
          patch: {
            smtp: {
              host: d.host.trim(),
              port: port as number,
              security: d.security === 'tls' ? 'tls' : d.security === 'none' ? 'none' : 'starttls',
              user: d.user.trim(),
              from: d.from.trim()
            }
          }
        }
      }}
    >
      {(f) => (
        <>
          <p className="settings-hint">
            Digests are emailed through your own mail server. Leave the server empty to send none.
          </p>
          <div className="settings-row">
            <TextField label="Mail server (SMTP)" placeholder="smtp.example.com" {...f.field('host')} />
            <TextField label="Port" inputMode="numeric" {...f.field('port')} />
            <SelectField label="Security" {...f.field('security')}>
              <option value="starttls">STARTTLS (usually port 587)</option>
              <option value="tls">TLS (usually port 465)</option>
              <option value="none">None (a relay on this network)</option>
            </SelectField>
          </div>
          <div className="settings-row">
            <TextField label="User name" autoComplete="off" {...f.field('user')} />
            <TextField label="Send from" placeholder="digests@yourfirm.com" {...f.field('from')} />
          </div>
        </>
      )}
    </SettingsForm>
  )
}

function PasswordField() {
  const status = useQuery(queries.emailStatus)
  const [password, setPassword] = useState('')
  const save = useMutation({
    mutationFn: (value: string | null) => call('email.setPassword', { password: value }),
    onSuccess: (r) => {
      setPassword('')
      void queryClient.invalidateQueries({ queryKey: queries.emailStatus.queryKey })
      notify({ tone: 'success', text: r.passwordSet ? 'Password saved' : 'Password removed' }, 3000)
    }
  })
  return (
    <form
      className="settings-row"
      onSubmit={(e) => {
        e.preventDefault()
        if (password !== '') save.mutate(password)
      }}
    >
      <TextField
        label={status.data?.passwordSet ? 'Password (saved; type to replace)' : 'Password'}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        data-testid="smtp-password"
      />
      <Button
        type="submit"
        busy={save.isPending}
        disabled={password === ''}
        className="settings-inline-button"
      >
        Save password
      </Button>
      {status.data?.passwordSet ? (
        <Button variant="link" onClick={() => save.mutate(null)} className="settings-inline-button">
          Forget it
        </Button>
      ) : null}
    </form>
  )
}

function TestEmail() {
  const [to, setTo] = useState('')
  const test = useMutation({
    mutationFn: () => call('email.test', { to: to.trim() }),
    onSuccess: () => notify({ tone: 'success', text: `Test email sent to ${to.trim()}` }, 6000)
  })
  return (
    <form
      className="settings-row"
      onSubmit={(e) => {
        e.preventDefault()
        if (EMAIL.test(to.trim())) test.mutate()
      }}
    >
      <TextField
        label="Send a test email to"
        type="email"
        value={to}
        onChange={(e) => {
          setTo(e.target.value)
          test.reset()
        }}
      />
      <Button
        type="submit"
        busy={test.isPending}
        disabled={!EMAIL.test(to.trim())}
        className="settings-inline-button"
      >
        Send test
      </Button>
      {test.error ? <ErrorNote error={toErrorValue(test.error)} compact /> : null}
    </form>
  )
}
