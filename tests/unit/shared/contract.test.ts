import { describe, expect, it } from 'vitest'
import { channelNames, channels, createBridge, type ChannelName } from '../../../src/shared/contract'

describe('contract', () => {
  it('gives window.runway one method per channel, grouped by namespace', async () => {
    const calls: [ChannelName, unknown][] = []
    const bridge = createBridge({
      invoke: async (channel, input) => {
        calls.push([channel, input])
        return { ok: true, value: channel }
      },
      subscribe: () => () => {}
    })
    for (const name of channelNames) {
      const [ns, method] = name.split('.') as [string, string]
      const fn = (bridge as unknown as Record<string, Record<string, (i?: unknown) => Promise<unknown>>>)[
        ns
      ]?.[method]
      expect(typeof fn, name).toBe('function')
    }
    await expect(bridge.companies.list()).resolves.toEqual({ ok: true, value: 'companies.list' })
    await bridge.settings.set({ theme: 'dark' })
    expect(calls).toEqual([
      ['companies.list', undefined],
      ['settings.set', { theme: 'dark' }]
    ])
  })

  it('refuses to subscribe to an event that does not exist', () => {
    const bridge = createBridge({
      invoke: async () => ({ ok: true, value: null }),
      subscribe: () => () => {}
    })
    expect(() => bridge.on('nope' as never, () => {})).toThrow(/unknown event/)
  })

  it('validates inputs with the schemas', () => {
    expect(channels['settings.set'].input.safeParse({ digestWeekday: 7 }).success).toBe(false)
    expect(channels['settings.set'].input.safeParse({ digestWeekday: 1, extra: true }).success).toBe(false)
    expect(channels['companies.list'].input.safeParse(undefined).success).toBe(true)
    expect(channels['companies.list'].input.safeParse({ x: 1 }).success).toBe(false)
  })
})
