// Standalone sandbox, with its control plane: `npm run sandbox -- --port P [--seed N] [--size demo|large]
// [--companies N] [--latency-ms L] [--state FILE] [--compress]`. Prints one JSON line (SandboxInfo) on stdout once it listens,
// then serves until SIGINT/SIGTERM, saving state (when --state is given) before it exits.

import { startSandbox, type SandboxOptions } from './index'

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: cli.ts --port P [--seed N] [--size demo|large] [--companies N] [--latency-ms L] [--state FILE] [--compress]\n`
  )
  process.exit(2)
}

function parseArgs(argv: string[]): SandboxOptions {
  const opts: SandboxOptions = {}
  const int = (flag: string, v: string | undefined): number => {
    const n = Number(v)
    if (v === undefined || !Number.isInteger(n) || n < 0) usage(`${flag} needs a non-negative integer`)
    return n
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined]
    const value = (): string | undefined => inline ?? argv[++i]
    switch (flag) {
      case '--port':
        opts.port = int(flag, value())
        break
      case '--seed':
        opts.seed = int(flag, value())
        break
      case '--companies':
        opts.companies = int(flag, value())
        break
      case '--latency-ms':
        opts.latencyMs = int(flag, value())
        break
      case '--size': {
        const v = value()
        if (v !== 'demo' && v !== 'large') usage('--size is demo or large')
        opts.size = v
        break
      }
      case '--state': {
        const v = value()
        if (!v) usage('--state needs a file')
        opts.stateFile = v
        break
      }
      case '--compress':
        opts.compress = true
        break
      case '--help':
      case '-h':
        usage('QuickBooks Online sandbox')
      // falls through: usage exits
      default:
        usage(`unknown option ${arg}`)
    }
  }
  if (opts.port === undefined) usage('--port is required (0 picks a free port)')
  return opts
}

async function main(): Promise<void> {
  const sandbox = await startSandbox(parseArgs(process.argv.slice(2)))
  process.stdout.write(JSON.stringify(sandbox.info) + '\n')
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    sandbox.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`sandbox: ${(e as Error).message}\n`)
        process.exit(1)
      }
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  process.stderr.write(`sandbox: ${(e as Error).stack ?? String(e)}\n`)
  process.exit(1)
})
