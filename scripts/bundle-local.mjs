import { build } from 'esbuild'

/**
 * How Node-side TypeScript that runs on this machine (the local host, the benchmarks, the durability test)
 * is bundled: one CommonJS file for Node 20, with better-sqlite3 left as a package (it is a native addon).
 */
/** @returns {import('esbuild').BuildOptions} */
export const nodeBundle = (entry, outfile) => ({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['better-sqlite3'],
  logLevel: 'warning',
})

export const LOCAL_HOST_ENTRY = 'cloudfunctions/local/main.ts'

/** Bundles the local host into one file Node runs directly. */
export const bundleLocalHost = async (outfile = 'dist/local/main.cjs') => {
  await build(nodeBundle(LOCAL_HOST_ENTRY, outfile))
  return outfile
}
