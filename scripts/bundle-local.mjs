import { build } from 'esbuild'

/** Bundles the local host (TypeScript) into one file Node runs directly; better-sqlite3 stays a package. */
export const bundleLocalHost = async (outfile = 'dist/local/main.cjs') => {
  await build({
    entryPoints: ['cloudfunctions/local/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['better-sqlite3'],
    logLevel: 'warning',
  })
  return outfile
}
