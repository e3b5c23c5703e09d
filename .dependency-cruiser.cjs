// The boundaries of ../shared/ARCHITECTURE.md, made checkable. `npm test` fails on any violation.
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
      to: { pathNot: '^src/shared/|^node_modules/zod/' }
    },
    {
      name: 'sandbox-is-not-the-app',
      severity: 'error',
      comment: 'The sandbox emulates Intuit: it may share src/shared but never reaches into the core.',
      from: { path: '^src/main/sandbox/' },
      to: { path: '^src/main/(core|shell)/|^src/main/index\\.ts$' }
    },
    {
      name: 'only-test-drive-hosts-the-sandbox',
      severity: 'error',
      from: { path: '^src/main/core/', pathNot: '^src/main/core/experiences/test-drive\\.ts$' },
      to: { path: '^src/main/sandbox/' }
    },
    {
      name: 'experiences-only-shape-data',
      severity: 'error',
      comment:
        'Experiences read the cache (ledger) and the runway engine; they never call QBO and never write. ' +
        'The test drive is the exception: it connects and syncs the demo companies of its own sandbox.',
      from: { path: '^src/main/core/experiences/', pathNot: '^src/main/core/experiences/test-drive\\.ts$' },
      to: { path: '^src/main/core/(qbo|actions|sync|jobs)/' }
    },
    {
      name: 'runway-engine-is-pure',
      severity: 'error',
      comment: 'The runway engine computes over ledger read models; it does no I/O.',
      from: { path: '^src/main/core/runway/' },
      to: {
        path: '^src/main/core/(db|qbo|sync|jobs|actions|experiences|ledger)/|node_modules/(better-sqlite3|kysely)/'
      }
    },
    {
      name: 'qbo-reads-go-through-sync',
      severity: 'error',
      comment: 'SmartSyncService orchestrates every read from QBO; actions write through QBOClient.',
      from: {
        path: '^src/main/core/',
        pathNot: '^src/main/core/(qbo|sync|actions|companies|db)/|^src/main/core/(api|index)\\.ts$'
      },
      to: { path: '^src/main/core/qbo/' }
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
      to: { path: 'node_modules/(better-sqlite3|kysely)/' }
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
