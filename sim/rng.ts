/** A seeded pseudo-random source (mulberry32): the same seed gives the same year. */
export interface Rng {
  /** [0, 1) */
  next: () => number
  chance: (p: number) => boolean
  /** [lo, hi) */
  between: (lo: number, hi: number) => number
  int: (lo: number, hi: number) => number
  pick: <T>(xs: readonly T[]) => T
  /** A key of `weights`, with probability proportional to its weight. */
  weighted: <K extends string>(weights: Readonly<Record<K, number>>) => K
}

export const makeRng = (seed: number): Rng => {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const between = (lo: number, hi: number) => lo + (hi - lo) * next()
  return {
    next,
    chance: (p) => next() < p,
    between,
    int: (lo, hi) => Math.floor(between(lo, hi + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    weighted: (weights) => {
      const keys = Object.keys(weights) as Array<keyof typeof weights>
      const total = keys.reduce((s, k) => s + weights[k], 0)
      let r = next() * total
      for (const k of keys) {
        r -= weights[k]
        if (r < 0) return k
      }
      return keys[keys.length - 1]!
    },
  }
}
