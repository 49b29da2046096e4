import Taro from '@tarojs/taro'

/**
 * Opens a file an operation handed out a URL for (D34): in H5 the browser downloads it under its name; in
 * the mini-program it is downloaded to a temporary file and opened with the system viewer (openDocument
 * for PDF and spreadsheets, the image viewer for pictures: a `photo`, or a name ending as a picture does),
 * where the person can forward or save it.
 */

const DOC_TYPES = ['pdf', 'xlsx', 'xls', 'docx', 'doc', 'pptx', 'ppt'] as const
type DocType = (typeof DOC_TYPES)[number]

const extOf = (name: string) => (name.split('.').pop() ?? '').toLowerCase()

export async function openFile(url: string, name: string, kind?: 'photo' | 'document'): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const a = document.createElement('a')
    a.href = url
    a.download = name
    a.rel = 'noopener'
    document.body.appendChild(a)
    a.click()
    a.remove()
    return
  }
  const ext = extOf(name)
  if (kind === 'photo' || ['jpg', 'jpeg', 'png', 'webp'].includes(ext)) {
    await Taro.previewImage({ urls: [url], current: url })
    return
  }
  const { tempFilePath, statusCode } = await Taro.downloadFile({ url })
  if (statusCode !== 200) throw new Error(`download failed: ${statusCode}`)
  const fileType = (DOC_TYPES as readonly string[]).includes(ext) ? (ext as DocType) : undefined
  await Taro.openDocument({ filePath: tempFilePath, showMenu: true, ...(fileType ? { fileType } : {}) })
}
