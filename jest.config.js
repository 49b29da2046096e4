/** Test projects (see scripts/test.mjs for the order they run in and the builds they need). */
// swc strips the types of each file on its own, as ts-jest did with isolatedModules, at a fraction of the cost
// (ADR 0034): the whole-program type check is `npm run lint`, the first step of `npm test`. The options follow
// tsconfig.json (ES2020 classes without define semantics, the automatic JSX runtime), in CommonJS for jest.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2020',
      transform: { react: { runtime: 'automatic' }, useDefineForClassFields: false },
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
]
const base = { testEnvironment: 'node', transform: { '^.+\\.tsx?$': swc }, moduleFileExtensions: ['ts', 'tsx', 'js', 'json'] }

module.exports = {
  projects: [
    { ...base, displayName: 'domain', testMatch: ['<rootDir>/test/domain/**/*.test.ts'] },
    { ...base, displayName: 'store', testMatch: ['<rootDir>/test/store-contract/**/*.test.ts'] },
    { ...base, displayName: 'functions', testMatch: ['<rootDir>/test/functions/**/*.test.ts'] },
    { ...base, displayName: 'weapp', testMatch: ['<rootDir>/test/weapp/**/*.test.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
}
