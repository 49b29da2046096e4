import Taro from '@tarojs/taro'

/** Confirm before something that matters. Same in both builds (Taro.showModal). Button texts ≤ 4 characters. */
export async function confirm(opts: { title: string; content: string; confirmText?: string; cancelText?: string }): Promise<boolean> {
  try {
    const res = await Taro.showModal({
      title: opts.title,
      content: opts.content,
      confirmText: opts.confirmText ?? '确定',
      cancelText: opts.cancelText ?? '取消',
      confirmColor: '#07c160',
    })
    return !!res.confirm
  } catch {
    return false
  }
}

/** A short message that goes away by itself. Long text uses no icon (the icon cuts it to 7 characters). */
export function toast(title: string, icon: 'success' | 'none' = 'none'): void {
  void Taro.showToast({ title, icon: title.length > 7 ? 'none' : icon, duration: 2000 })
}

/** Copies text to the clipboard and says whether that worked. */
export function copyText(data: string, copied: string, failed: string): void {
  Taro.setClipboardData({ data })
    .then(() => toast(copied, 'success'))
    .catch(() => toast(failed))
}
