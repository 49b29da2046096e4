// What every bench section times with: a monotonic clock in ms, percentiles, and a loop of timed calls.

export const hr = () => Number(process.hrtime.bigint()) / 1e6

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(3)
}

/** `n` calls of `f` one after another: their p50 and p95 in ms. */
export const timed = async (n: number, f: (i: number) => Promise<unknown>) => {
  const xs: number[] = []
  for (let i = 0; i < n; i++) {
    const s = hr()
    await f(i)
    xs.push(hr() - s)
  }
  return { p50ms: pct(xs, 50), p95ms: pct(xs, 95) }
}
