// Headless host: `runway-cli [--data-dir DIR] <channel> ['<json input>']` (bin/runway-cli.mjs).
// stdout carries nothing but the channel's JSON result, so a script can pipe it into jq; everything
// meant for a person goes to stderr.

import { privateUmask } from './data-folder'
import { parseArgs } from 'node:util'
import { startTestDriveSandbox } from '@runway/qbo-sandbox/test-drive'
import { channelNames, channels, isChannelName, type SyncSummary } from '../../shared/contract'
import { clockFrom, type Clock } from '../../shared/dates'
import type { ErrorValue } from '../../shared/errors'
import { createCore } from './index'
import { callOwner, FolderInUseError, OwnerUnreachable } from './owner'
import { describeInput } from './input-shape'
import { defaultDataDir } from './paths'

export const EXIT = {
  ok: 0,
  /** The channel refused or failed: `{"error": …}` on stderr, nothing on stdout. */
  error: 1,
  usage: 2,
  /** sync.now ran, but some company's sync failed: every summary is on stdout, `ok: false` marks them. */
  syncFailed: 3
} as const

const USAGE = "usage: runway-cli [--data-dir DIR] [--clock ISO] <channel> ['<json input>']"

export function helpText(): string {
  const width = Math.max(...channelNames.map((name) => name.length)) + 2
  return [
    USAGE,
    '',
    "Calls one channel of Runway Desktop's contract and prints its JSON result on stdout.",
    `  --data-dir DIR  the app's data folder (default: ${defaultDataDir()})`,
    '  --clock ISO     run as of that instant (its clock ticking on from there)',
    '',
    'Exit codes: 0 done; 1 refused or failed ({"error": {kind, message, field?}} on stderr); 2 usage;',
    "3 sync.now ran but a company's sync failed (its summary on stdout has ok: false).",
    '',
    'Channels and their input (a JSON argument; "?" marks an optional field):',
    ...channelNames.map((name) => `  ${name.padEnd(width)}${describeInput(channels[name].input)}`)
  ].join('\n')
}

function fail(error: ErrorValue): number {
  process.stderr.write(`${JSON.stringify({ error })}\n`)
  return EXIT.error
}

function usage(problem: string): number {
  process.stderr.write(
    `runway-cli: ${problem}\n${USAGE}\n\`runway-cli --help\` lists the channels and their input.\n`
  )
  return EXIT.usage
}

export async function runCli(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        // As the web host's: the app as of another instant, its clock running on from there.
        clock: { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      },
      allowPositionals: true,
      strict: true
    })
  } catch (error) {
    // Node's message goes on to explain `--`, which only hides what was wrong.
    return usage((error as Error).message.split('. ')[0] ?? 'bad arguments')
  }
  if (parsed.values.help) {
    process.stdout.write(`${helpText()}\n`)
    return EXIT.ok
  }
  const [channel, rawInput, ...extra] = parsed.positionals
  if (channel === undefined) return usage('no channel given')
  if (!isChannelName(channel)) {
    return fail({
      kind: 'validation',
      message: `unknown channel ${JSON.stringify(channel)}: \`runway-cli --help\` lists the channels`,
      field: 'channel'
    })
  }
  if (extra.length > 0) {
    return fail({ kind: 'validation', message: 'give the input as one JSON argument', field: 'input' })
  }
  let input: unknown
  if (rawInput !== undefined) {
    try {
      input = JSON.parse(rawInput)
    } catch (error) {
      return fail({
        kind: 'validation',
        message: `input is not JSON: ${(error as Error).message}`,
        field: 'input'
      })
    }
  }
  let clock
  try {
    clock = parsed.values.clock === undefined ? undefined : clockFrom(parsed.values.clock)
  } catch (error) {
    return usage((error as Error).message)
  }
  const dataDir = parsed.values['data-dir'] ?? defaultDataDir()
  const result = await callIn(dataDir, channel, input, clock)
  if (!result.ok) return fail(result.error)
  process.stdout.write(`${JSON.stringify(result.value ?? null, null, 2)}\n`)
  if (channel === 'sync.now' && (result.value as SyncSummary[]).some((summary) => !summary.ok)) {
    return EXIT.syncFailed
  }
  return EXIT.ok
}

/** How long a call waits for a folder whose owner is starting or stopping. */
const OWNER_WAIT_MS = 60_000

/**
 * Runs the call on the folder: itself when the folder is free, else handed to the process that
 * owns it (the running app, or another CLI call) over the folder's socket.
 */
async function callIn(dataDir: string, channel: string, input: unknown, clock: Clock | undefined) {
  let warned = false
  for (const until = Date.now() + OWNER_WAIT_MS; ;) {
    let core
    try {
      core = await createCore({
        dataDir,
        host: 'cli',
        testDrive: startTestDriveSandbox,
        ...(clock ? { clock } : {})
      })
    } catch (error) {
      if (!(error instanceof FolderInUseError)) throw error
      if (clock && !warned) {
        warned = true
        process.stderr.write(
          'runway-cli: the running app answers this call, on its own clock: --clock is not used\n'
        )
      }
      try {
        return await callOwner(dataDir, channel, input)
      } catch (unreachable) {
        // Nobody listens yet (the owner is starting) or any more (it is stopping): nothing ran.
        if (!(unreachable instanceof OwnerUnreachable) || Date.now() > until) throw unreachable
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100))
        continue
      }
    }
    try {
      await core.start()
      return await core.invoke(channel, input)
    } finally {
      await core.stop()
    }
  }
}

/** Runs the CLI for this process: its exit code, and any crash as a JSON error on stderr. */
export function main(argv = process.argv.slice(2)): Promise<void> {
  return runCli(argv).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      process.exitCode = fail({
        kind: 'internal',
        message: error instanceof Error ? error.message : String(error)
      })
    }
  )
}

if (require.main === module) {
  privateUmask()
  void main()
}
