/** Layer rules (ARCHITECTURE "Style"): the domain is pure, pages reach the backend only through services. */
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
      name: 'pages-use-ui-and-services',
      comment: 'pages import only types/, src/ui, src/services (and Taro/React)',
      severity: 'error',
      from: { path: '^src/(pages|officer|admin)/' },
      to: { path: '^src/', pathNot: ['^src/(ui|services)/', '^src/(pages|officer|admin)/'] },
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
