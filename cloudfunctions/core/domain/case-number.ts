/** Shanghai calendar date parts of an instant, independent of the process zone (UTC+8, no DST). */
export const shanghaiYmd = (ms: number): { y: number; m: number; d: number } => {
  const t = new Date(ms + 8 * 3600_000)
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() }
}

const two = (n: number) => String(n).padStart(2, '0')

/** The day part of a case number and its counter key: `yyMMdd`. */
export const caseDay = (ms: number): string => {
  const { y, m, d } = shanghaiYmd(ms)
  return `${two(y % 100)}${two(m)}${two(d)}`
}

/** `<county abbr><yyMMdd><4-digit daily sequence per county>` (D7), e.g. CX2611250007. */
export const formatCaseNo = (countyAbbr: string, ms: number, seq: number): string => {
  if (!/^[A-Z]{2}$/.test(countyAbbr)) throw new Error(`formatCaseNo: bad abbreviation ${countyAbbr}`)
  if (!Number.isInteger(seq) || seq < 1 || seq > 9999) throw new Error(`formatCaseNo: sequence out of range ${seq}`)
  return `${countyAbbr}${caseDay(ms)}${String(seq).padStart(4, '0')}`
}

export const caseCounterId = (countyAbbr: string, ms: number): string => `caseno-${countyAbbr}-${caseDay(ms)}`
