/**
 * Passes a result from one page to the next without putting Chinese text in a URL. Memory only: a page
 * that finds nothing (e.g. after an H5 reload) loads what it needs by id instead.
 */
const box = new Map<string, unknown>()

export function handOff<T>(key: string, value: T): void {
  box.set(key, value)
}

export function takeOver<T>(key: string): T | undefined {
  const v = box.get(key) as T | undefined
  box.delete(key)
  return v
}
