/**
 * The county station's id for a station code, for county-wide lists (the construction projects on the
 * wage-arrears form). The station card carries no county id, so this relies on the station-code
 * convention of DECISIONS D20: codes are `HZ-<county abbr>-<4 digits>`, and each county station is seeded
 * as `st-<abbr>-0001` (locally and in the cloud). The city's own code (`HZ-HZ-…`) names no county.
 * If the card ever carries its county id, use that and drop this helper.
 */
const CITY_ABBR = 'HZ'

export function countyIdOfStationCode(code: string | undefined): string | undefined {
  const m = /^HZ-([A-Z]{2})-\d{4}$/.exec((code ?? '').trim().toUpperCase())
  if (!m || m[1] === CITY_ABBR) return undefined
  return `st-${m[1]}-0001`
}
