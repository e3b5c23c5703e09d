import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../helpers/temp'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main/core/cli.ts', ...args], {
    encoding: 'utf8',
    timeout: 30_000
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('headless CLI', () => {
  it('prints a channel result as JSON on stdout and exits 0', () => {
    const result = cli('--data-dir', tmp.dir, 'companies.list')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual([])
  })

  it('passes a JSON input and persists what a channel writes', () => {
    const set = cli('--data-dir', tmp.dir, 'settings.set', '{"digestWeekday":2}')
    expect(set.code).toBe(0)
    expect(JSON.parse(cli('--data-dir', tmp.dir, 'settings.get').stdout)).toMatchObject({ digestWeekday: 2 })
  })

  it('prints a JSON error on stderr and exits 1 for an unknown channel, a bad input or bad JSON', () => {
    for (const args of [
      ['nope.nothing'],
      ['settings.set', '{"digestWeekday":"monday"}'],
      ['settings.set', '{not json'],
      ['settings.set', '{}', 'extra']
    ]) {
      const result = cli('--data-dir', tmp.dir, ...args)
      expect(result.code, args.join(' ')).toBe(1)
      expect(result.stdout).toBe('')
      expect(JSON.parse(result.stderr)).toEqual({ error: expect.objectContaining({ kind: 'validation' }) })
    }
    expect(JSON.parse(cli('--data-dir', tmp.dir, 'settings.get').stdout)).toMatchObject({ digestWeekday: 2 })
  })
})
