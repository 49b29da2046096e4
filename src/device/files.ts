import Taro from '@tarojs/taro'

/**
 * A generated file handed over by a function (bytes in base64) opened on this device: in the browser it is
 * downloaded under its name; in WeChat it is written to the mini-program's user folder and opened with the
 * system viewer (`openDocument`, with the menu to forward or save it). Returns false when that failed.
 */
export async function openGeneratedFile(file: { fileName: string; mime: string; base64: string }): Promise<boolean> {
  if (process.env.TARO_ENV === 'h5') {
    try {
      const bin = atob(file.base64)
      const bytes = new Uint8Array(bin.length)
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
      const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }))
      const a = document.createElement('a')
      a.href = url
      a.download = file.fileName
      document.body.appendChild(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 60_000)
      return true
    } catch {
      return false
    }
  }
  try {
    const path = `${Taro.env.USER_DATA_PATH}/${file.fileName}`
    Taro.getFileSystemManager().writeFileSync(path, file.base64, 'base64')
    const fileType = file.fileName.split('.').pop() as 'xlsx'
    await Taro.openDocument({ filePath: path, fileType, showMenu: true })
    return true
  } catch {
    return false
  }
}
