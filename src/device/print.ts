/**
 * Printing the page on paper: only a browser can (the H5 build, e.g. the station's computer); the mini-program
 * cannot, and pages offer 打印 only when `canPrint()`.
 */
export const canPrint = (): boolean => process.env.TARO_ENV === 'h5' && typeof window !== 'undefined' && typeof window.print === 'function'

export function printPage(): void {
  if (canPrint()) window.print()
}
