import type ExcelJS from 'exceljs'

/**
 * A new workbook for an .xlsx export. exceljs is loaded here, on the first export of an instance only, so no
 * function loads it as it starts (ADR 0027); every file names the product as its creator.
 */
export const newWorkbook = async (): Promise<ExcelJS.Workbook> => {
  const { Workbook } = (await import('exceljs')).default
  const wb = new Workbook()
  wb.creator = '菏谐驿站'
  return wb
}

/** The workbook's file. */
export const workbookBytes = async (wb: ExcelJS.Workbook): Promise<Uint8Array> => new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)
