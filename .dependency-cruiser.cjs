// The architecture's boundaries (README, "Architecture"), made checkable. `npm test` fails on any violation.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles break start-up order; the app must boot after every change.',
      from: {},
      to: { circular: true }
    },
    {
      name: 'electron-only-in-shell',
      severity: 'error',
      comment: 'electron is imported only in src/main/shell, src/main/index.ts and src/preload.',
      from: { pathNot: '^src/(main/shell/|main/index\\.ts$|preload/)' },
      to: { path: '^electron$|(^|/)node_modules/electron/' }
    },
    {
      name: 'core-does-not-know-the-shell',
      severity: 'error',
      comment:
        'The core is the app without a face: plain Node, hosted by Electron, the web host and the CLI.',
      from: { path: '^src/main/core/' },
      to: { path: '^src/main/(shell/|index\\.ts$)|^src/(preload|renderer)/' }
    },
    {
      name: 'renderer-speaks-only-the-contract',
      severity: 'error',
      comment: 'The renderer is untrusted: it reaches the core only through window.runway.',
      from: { path: '^src/renderer/' },
      to: { path: '^src/(main|preload)/' }
    },
    {
      name: 'renderer-has-no-node',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { dependencyTypes: ['core'] }
    },
    {
      name: 'shared-stands-alone',
      severity: 'error',
      comment: 'src/shared runs in every process: no node, no DOM, nothing from main or renderer.',
      from: { path: '^src/shared/' },
      to: { pathNot: '^src/shared/|^node_modules/zod/|^packages/money/' }
    },
    {
      name: 'packages-are-not-the-app',
      severity: 'error',
      comment:
        'Workspace packages (the QBO sandbox, money) stand on their own: the app imports them, never the reverse.',
      from: { path: '^packages/' },
      to: { path: '^src/' }
    },
    {
      name: 'core-never-imports-the-sandbox',
      severity: 'error',
      comment:
        'The hosts start the sandbox and hand it to the core as an option (CoreOptions.testDrive); the headless ' +
        'hosts cli.ts and web-host.ts live in core/ but are hosts, not core.',
      from: { path: '^src/main/core/', pathNot: '^src/main/core/(cli|web-host)\\.ts$' },
      to: { path: '^packages/qbo-sandbox/' }
    },
    {
      name: 'the-app-ships-no-control-plane',
      severity: 'error',
      comment:
        'The app starts the test-drive entry, which has no control plane (no faults, no token revocation); ' +
        'the full sandbox is for tests, the benchmarks and `npm run sandbox`.',
      from: { path: '^src/' },
      to: { path: '^packages/qbo-sandbox/', pathNot: '^packages/qbo-sandbox/src/test-drive\\.ts$' }
    },
    {
      name: 'test-drive-sandbox-has-no-control-plane',
      severity: 'error',
      comment:
        'Nothing the test-drive entry reaches may bring the control plane into the app (the build test checks the bundle too).',
      from: { path: '^packages/qbo-sandbox/src/test-drive\\.ts$' },
      to: { path: '^packages/qbo-sandbox/src/(control|cli|index)\\.ts$', reachable: true }
    },
    {
      name: 'experiences-only-shape-data',
      severity: 'error',
      comment:
        'Experiences read the cache (db/) and the runway engine; they never call QBO and never write. ' +
        'The test drive is the exception: it connects and syncs the demo companies of its own sandbox.',
      from: { path: '^src/main/core/experiences/', pathNot: '^src/main/core/experiences/test-drive\\.ts$' },
      to: { path: '^src/main/core/(qbo|actions|sync|jobs)/' }
    },
    {
      name: 'runway-engine-is-pure',
      severity: 'error',
      comment: 'The runway engine computes over the books read from the cache; it does no I/O.',
      from: { path: '^src/main/core/runway/' },
      to: {
        path: '^src/main/core/(db|qbo|sync|jobs|actions|experiences)/|node_modules/(better-sqlite3|kysely)/'
      }
    },
    {
      name: 'qbo-reads-go-through-sync',
      severity: 'error',
      comment:
        'SmartSyncService orchestrates every read from QBO; actions write through QBOClient. Firm mode ' +
        '(firm/) shares the tokens QBO issued, through the types of qbo/oauth.ts only (next rule).',
      from: {
        path: '^src/main/core/',
        pathNot: '^src/main/core/(qbo|sync|actions|companies|db|firm)/|^src/main/core/(api|index)\\.ts$'
      },
      to: { path: '^src/main/core/qbo/' }
    },
    {
      name: 'firm-takes-only-tokens-from-qbo',
      severity: 'error',
      comment: 'Firm mode shares QBO tokens; it never reaches the QBO client or its HTTP layer.',
      from: { path: '^src/main/core/firm/' },
      to: { path: '^src/main/core/qbo/', pathNot: '^src/main/core/qbo/oauth\\.ts$' }
    },
    {
      name: 'actions-are-not-queued-behind-jobs',
      severity: 'error',
      comment: 'User actions call QBO directly; never through a background job.',
      from: { path: '^src/main/core/actions/' },
      to: { path: '^src/main/core/jobs/' }
    },
    {
      name: 'sql-lives-in-the-data-layer',
      severity: 'error',
      comment:
        'Every SQL statement of the core is in src/main/core/db/ (tables typed by db/schema.ts); the rest ' +
        'of the core calls its functions. Only it may use the SQLite drivers (eslint also refuses SQL calls elsewhere).',
      from: { path: '^src/main/', pathNot: '^src/main/core/db/' },
      to: { path: 'node_modules/(better-sqlite3|kysely|pg)/' }
    },
    {
      name: 'postgres-lives-in-db-firm',
      severity: 'error',
      comment:
        "Firm mode's PostgreSQL (the firm's server) is spoken to only from src/main/core/db/firm/: its " +
        'statements and its schema migrations; the local data layer never reaches the server.',
      from: { pathNot: '^src/main/core/db/firm/|^tests/' },
      to: { path: 'node_modules/pg/' }
    },
    {
      name: 'scheduling-lives-in-jobs',
      severity: 'error',
      comment: 'Bulk scheduled work lives in jobs/ only.',
      from: { pathNot: '^src/main/core/jobs/' },
      to: { path: 'node_modules/node-schedule/' }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default']
    },
    exclude: { path: '\\.test\\.ts$' }
  }
}
