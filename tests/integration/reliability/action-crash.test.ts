import { spawn } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../src/main/core'
import type { BillRow, OutboxItem } from '../../../src/shared/views'
import { requestLog, world, type World } from '../../helpers/sandbox'

// The app dies after QBO has made the payment but before its answer arrives. After a restart the
// payment is neither lost nor made twice: the bill shows it waiting, paying it again is refused,
// and the replay finds the payment QBO made by its marker.

const opened: { w: World; core?: Core }[] = []
afterEach(async () => {
  for (const { w, core } of opened.splice(0)) {
    await core?.stop()
    await w.close()
  }
})

async function call<T>(core: Core, channel: string, input: unknown): Promise<T> {
  const result = await core.invoke(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value as T
}

/** Runs the action in a child process and kills it once the sandbox has seen `until` arrive. */
async function killedDuring(
  w: World,
  channel: string,
  input: unknown,
  until: (log: Awaited<ReturnType<typeof requestLog>>) => boolean
): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'tests/integration/reliability/action-child.ts',
      w.dataDir,
      channel,
      JSON.stringify(input)
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal))
  )
  const deadline = Date.now() + 30_000
  while (!until(await requestLog(w))) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error('the action never got that far')
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  child.kill('SIGKILL')
  expect(await exited).toBe('SIGKILL')
}

describe('the app dies while QBO is being asked', () => {
  it(
    'a payment QBO made before the app died is not made again, and paying again is refused until the replay settles it',
    { timeout: 60_000 },
    async () => {
      const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
      opened.push({ w })
      const id = await w.connect()
      await call(w.core, 'sync.now', { companyId: id })
      const bill = (await call<BillRow[]>(w.core, 'bills.list', { companyId: id }))[0]!
      const bank = (
        await call<{ id: string; type: string }[]>(w.core, 'accounts.list', { companyId: id })
      ).find((a) => a.type === 'Bank')!
      await w.core.stop()
      // QBO makes the payment and the answer is lost; the app then asks QBO for it and dies waiting.
      await w.control('POST', '/faults', { kind: 'commit-drop', count: 1, match: { path: '/billpayment$' } })
      await w.control('POST', '/faults', {
        kind: 'latency',
        ms: 20_000,
        match: { method: 'GET', path: '/query$' }
      })
      const pay = { companyId: id, billIds: [bill.id], bankAccountId: bank.id }
      await w.control('DELETE', '/log')
      await killedDuring(w, 'bills.pay', pay, (log) => {
        const made = log.findIndex((e) => e.method === 'POST' && e.path.endsWith('/billpayment'))
        return (
          made >= 0 &&
          log
            .slice(made)
            .some((e) => e.path.endsWith('/query') && /from billpayment/i.test(e.query.query ?? ''))
        )
      })
      await w.control('DELETE', '/faults')

      const core = await createCore({ dataDir: w.dataDir, host: 'cli', jobs: false })
      opened[0]!.core = core
      expect(await call<OutboxItem[]>(core, 'outbox.list', { companyId: id })).toEqual([
        expect.objectContaining({ action: 'bills.pay', status: 'pending' })
      ])
      expect(
        (await call<BillRow[]>(core, 'bills.list', { companyId: id })).find((b) => b.id === bill.id)
      ).toMatchObject({ pending: true })
      expect(await core.invoke('bills.pay', pay)).toMatchObject({ ok: false, error: { kind: 'conflict' } })
      await call(core, 'sync.now', { companyId: id })
      expect(await call<OutboxItem[]>(core, 'outbox.list', { companyId: id })).toEqual([
        expect.objectContaining({ status: 'done' })
      ])
      const payments = (
        await w.control<{ records: { Line: { LinkedTxn: { TxnId: string }[] }[] }[] }>(
          'GET',
          `/realms/${w.realmId}/entities/BillPayment?limit=100000`
        )
      ).records.filter((p) => p.Line.some((l) => l.LinkedTxn.some((t) => t.TxnId === bill.id)))
      expect(payments).toHaveLength(1)
      expect(
        (await call<BillRow[]>(core, 'bills.list', { companyId: id })).find((b) => b.id === bill.id)
      ).toBeUndefined()
    }
  )
})
