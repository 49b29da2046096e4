/** Test projects (see scripts/test.mjs for the order they run in and the builds they need). */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }]
const base = { testEnvironment: 'node', transform: { '^.+\\.tsx?$': tsJest }, moduleFileExtensions: ['ts', 'tsx', 'js', 'json'] }

module.exports = {
  projects: [
    { ...base, displayName: 'domain', testMatch: ['<rootDir>/test/domain/**/*.test.ts'] },
    { ...base, displayName: 'store', testMatch: ['<rootDir>/test/store-contract/**/*.test.ts'] },
    { ...base, displayName: 'functions', testMatch: ['<rootDir>/test/functions/**/*.test.ts'] },
    { ...base, displayName: 'weapp', testMatch: ['<rootDir>/test/weapp/**/*.test.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
}
