// Headless host: `runway-cli [--data-dir DIR] <channel> ['<json input>']`.
// Prints the channel's JSON result on stdout (exit 0) or a JSON error on stderr (exit 1).

import { parseArgs } from 'node:util'
import type { ErrorValue } from '../../shared/errors'
import { createCore } from './index'
import { defaultDataDir } from './paths'

function fail(error: ErrorValue): number {
  process.stderr.write(`${JSON.stringify({ error })}\n`)
  return 1
}

export async function runCli(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true
    })
  } catch (error) {
    return fail({ kind: 'validation', message: (error as Error).message, field: 'argv' })
  }
  const [channel, rawInput, ...extra] = parsed.positionals
  if (parsed.values.help || channel === undefined) {
    process.stdout.write("usage: runway-cli [--data-dir DIR] <channel> ['<json input>']\n")
    return channel === undefined && !parsed.values.help ? 1 : 0
  }
  if (extra.length > 0) {
    return fail({ kind: 'validation', message: 'give the input as one JSON argument', field: 'input' })
  }
  let input: unknown
  if (rawInput !== undefined) {
    try {
      input = JSON.parse(rawInput)
    } catch (error) {
      return fail({ kind: 'validation', message: `input is not JSON: ${(error as Error).message}`, field: 'input' })
    }
  }
  const core = await createCore({ dataDir: parsed.values['data-dir'] ?? defaultDataDir(), host: 'cli' })
  try {
    await core.start()
    const result = await core.invoke(channel, input)
    if (!result.ok) return fail(result.error)
    process.stdout.write(`${JSON.stringify(result.value ?? null, null, 2)}\n`)
    return 0
  } finally {
    await core.stop()
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      process.exitCode = fail({ kind: 'internal', message: error instanceof Error ? error.message : String(error) })
    }
  )
}
