// The minimum cash a newly connected client starts with; each client's own is set in its console.

import { MoneyField } from '../../components/fields'
import { moneyInput, parseDollars } from '../../lib/format'
import { SettingsForm } from './SettingsForm'

export function MinimumCashSection() {
  return (
    <SettingsForm
      testId="min-cash-form"
      from={(s) => ({ defaultMinCashCents: moneyInput(s.defaultMinCashCents) })}
      check={(d) => {
        const cents = parseDollars(d.defaultMinCashCents)
        if (cents === null)
          return { errors: { defaultMinCashCents: 'Enter an amount in dollars, e.g. 5,000' } }
        return { patch: { defaultMinCashCents: cents } }
      }}
    >
      {(f) => (
        <>
          <p className="settings-hint">
            The cash a client should never fall below, for clients connected from now on. Each client keeps
            its own, which you change in its console.
          </p>
          <div className="settings-row">
            <MoneyField label="Default minimum cash ($)" {...f.field('defaultMinCashCents')} />
          </div>
        </>
      )}
    </SettingsForm>
  )
}
