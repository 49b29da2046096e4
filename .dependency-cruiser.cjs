/** Layer rules (ARCHITECTURE "Style"): the domain is pure, pages reach the backend only through src/client. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'core/domain imports no SDK, Taro, Node I/O, or outer layers; time and ids come in as values',
      severity: 'error',
      from: { path: '^cloudfunctions/core/domain' },
      to: {
        pathNot: ['^cloudfunctions/core/domain', '^types/', '^node_modules/(zod|dayjs)/', '^cloudfunctions/core/data/'],
      },
    },
    {
      name: 'domain-no-node-builtins',
      severity: 'error',
      from: { path: '^cloudfunctions/core/domain' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'types-are-shared-and-light',
      comment: 'types/ is read by both sides: zod only',
      severity: 'error',
      from: { path: '^types/' },
      to: { pathNot: ['^types/', '^node_modules/zod/'] },
    },
    {
      name: 'pages-do-not-import-functions',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^cloudfunctions/' },
    },
    {
      name: 'pages-use-ui-shared-client-device',
      comment:
        'pages import only types/, src/ui, src/shared, src/client (the function client), src/device (device services) ' +
        'and their own section (and Taro/React); a section does not reach into another one',
      severity: 'error',
      from: { path: '^src/(pages|officer|admin)/' },
      to: { path: '^src/', pathNot: ['^src/(ui|shared|client|device)/', '^src/$1/'] },
    },
    {
      name: 'shared-serves-pages',
      comment: 'src/shared (page parts used by worker, officer and admin pages) imports no page',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: ['^src/(ui|shared|client|device)/'] },
    },
    {
      name: 'ui-is-presentational',
      comment: 'src/ui gets everything it shows as props: no function client, device service, shared part or page',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '^src/', pathNot: '^src/ui/' },
    },
    {
      name: 'client-is-only-the-function-client',
      comment: 'src/client calls functions with the shared contracts; it knows no UI, device service or page',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '^src/', pathNot: '^src/client/' },
    },
    {
      name: 'device-does-not-call-functions',
      comment: 'src/device (storage, navigation, subscriptions, drafts, prefs) knows no function client, UI or page',
      severity: 'error',
      from: { path: '^src/device/' },
      to: { path: '^src/', pathNot: '^src/device/' },
    },
    {
      name: 'app-does-not-import-entries',
      comment: 'handlers are shared by every runtime: they never import a function entry or a composition root (cloud, local host)',
      severity: 'error',
      from: { path: '^cloudfunctions/core/(app|domain|ports)' },
      to: { path: '^cloudfunctions/(worker|officer|admin|sweep|cloud|local)/' },
    },
    {
      name: 'core-does-not-import-composition-roots',
      comment: 'core (adapters too) is wired by cloudfunctions/cloud and cloudfunctions/local, never the other way round',
      severity: 'error',
      from: { path: '^cloudfunctions/core/' },
      to: { path: '^cloudfunctions/(worker|officer|admin|sweep|cloud|local)/' },
    },
    {
      name: 'entries-compose-through-cloud',
      comment: 'a function entry only hands its name to the cloud composition root (cloudfunctions/cloud)',
      severity: 'error',
      from: { path: '^cloudfunctions/(worker|officer|admin|sweep)/' },
      to: { pathNot: ['^cloudfunctions/cloud/', '^types/'] },
    },
    {
      name: 'cloud-never-reaches-local',
      comment: 'nothing a cloud bundle holds reaches the local host or the SQLite adapter (a native addon)',
      severity: 'error',
      from: { path: '^cloudfunctions/(worker|officer|admin|sweep|cloud)/' },
      to: { path: ['^cloudfunctions/local/', '^cloudfunctions/core/adapters/sqlite/', '^node_modules/better-sqlite3/'], reachable: true },
    },
    {
      name: 'app-does-not-know-adapters',
      comment: 'handlers see ports, never a concrete store or SDK',
      severity: 'error',
      from: { path: '^cloudfunctions/core/(app|domain|ports)' },
      to: { path: ['^cloudfunctions/core/adapters', '^node_modules/(@cloudbase|better-sqlite3)'] },
    },
    {
      name: 'no-unresolvable',
      comment: 'every import resolves (this is what checks the imports of scripts/*.mjs)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)' },
  },
}
