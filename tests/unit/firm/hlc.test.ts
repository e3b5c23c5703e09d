import { describe, expect, it } from 'vitest'
import { hlcMadeAt, HybridClock } from '../../../src/main/core/firm/hlc'

describe('the hybrid logical clock of a decision made before joining', () => {
  it('is its time, earlier than anything ticked since, and never beats a real clock when unreadable', () => {
    const clock = new HybridClock('b', () => Date.parse('2026-12-01T10:00:00Z'))
    const now = clock.tick()
    const earlier = hlcMadeAt('2026-11-30T09:00:00.000Z', 'a')
    expect(earlier < now).toBe(true)
    expect(earlier).toBe(`${String(Date.parse('2026-11-30T09:00:00.000Z')).padStart(15, '0')}-00000000-a`)
    for (const unknown of [null, 'not a time', ''])
      expect(hlcMadeAt(unknown, 'a')).toBe('000000000000000-00000000-a')
  })
})
