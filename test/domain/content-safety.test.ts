import { CHECK_RETRY_WAITS_MS, contentNotice, failureWords, nextRetryAt, strictest, textParts, verdictOf } from '../../cloudfunctions/core/domain/content-safety'

describe('content security rules', () => {
  it('cuts long text into overlapping parts of at most the limit, by characters', () => {
    expect(textParts('')).toEqual([])
    expect(textParts('短')).toEqual(['短'])
    const text = Array.from({ length: 25 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('')
    const parts = textParts(text, 10, 3)
    expect(parts.map((p) => [...p].length)).toEqual([10, 10, 10, 4])
    // Each part begins 3 characters before the previous one ended, and together they cover the text.
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.slice(0, 3)).toBe(parts[i - 1]!.slice(-3))
    expect(parts[0]! + parts.slice(1).map((p) => p.slice(3)).join('')).toBe(text)
    // Characters outside the basic plane count once.
    expect(textParts('😀'.repeat(12), 10, 3).map((p) => [...p].length)).toEqual([10, 5])
  })

  it('lets the strictest verdict win and reads only WeChat’s three', () => {
    expect(strictest([])).toBe('pass')
    expect(strictest(['pass', 'review', 'pass'])).toBe('review')
    expect(strictest(['review', 'risky', 'pass'])).toBe('risky')
    expect(verdictOf('risky')).toBe('risky')
    expect(verdictOf('RISKY')).toBeNull()
    expect(verdictOf(2)).toBeNull()
  })

  it('words the officer’s badge, and says nothing when nothing was found', () => {
    expect(contentNotice({ riskyPhotos: 0, riskyVoices: 0, reviewMedia: 0 })).toBeNull()
    expect(contentNotice({ text: 'pass', riskyPhotos: 0, riskyVoices: 0, reviewMedia: 0 })).toBeNull()
    expect(contentNotice({ text: 'risky', riskyPhotos: 2, riskyVoices: 0, reviewMedia: 0 })).toBe('内容安全提示：文字疑似含有敏感内容；2 张照片疑似含有敏感内容，已模糊显示')
    expect(contentNotice({ text: 'review', riskyPhotos: 0, riskyVoices: 1, reviewMedia: 1 })).toBe('内容安全提示：文字可能含有敏感内容；1 段录音疑似含有敏感内容，已模糊显示；1 个照片或录音可能含有敏感内容')
  })

  it('retries a failed check after 1, 4, 15 and 40 minutes, then gives up, all within WeChat’s two hours', () => {
    const at = 1_000_000
    expect([0, 1, 2, 3].map((t) => (nextRetryAt(t, at)! - at) / 60_000)).toEqual([1, 4, 15, 40])
    expect(nextRetryAt(4, at)).toBeNull()
    expect(CHECK_RETRY_WAITS_MS.reduce((a, b) => a + b, 0)).toBeLessThan(2 * 3600_000)
  })

  it('says why a check could not be made, and that anonymous words are not tried again', () => {
    expect(failureWords('timeout', 4, true)).toBe('检查超时，已重试 4 次')
    expect(failureWords('TypeError', 0, true)).toBe('检查出错')
    expect(failureWords('gone', 2, true)).toBe('内容已更改或删除，已重试 2 次')
    expect(failureWords('TypeError', 0, false)).toBe('检查出错，匿名内容不能重试')
    expect(contentNotice({ riskyPhotos: 0, riskyVoices: 0, reviewMedia: 0, unchecked: [{ what: '照片', why: '检查超时，已重试 4 次' }] })).toBe('内容安全提示：照片未能检查（检查超时，已重试 4 次）')
  })
})
