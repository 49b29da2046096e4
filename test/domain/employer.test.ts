import fc from 'fast-check'
import { employerKey, employerPrefixKey, enterpriseNameOf } from '../../cloudfunctions/core/domain/employer'
import { isValidUscc, USCC_CHARS, usccCheckChar } from '../../types/uscc'

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it.each([
    ['9144030071526726XG'],
    ['91330100716105852F'],
    ['914403001922038216'],
    ['91110000600037341L'],
  ])('accepts the published code %s', (code) => {
    expect(isValidUscc(code)).toBe(true)
  })

  it.each([
    ['9144030071526726XH', 'wrong check character'],
    ['9144030071526726X', '17 characters'],
    ['9144030071526726XGX', '19 characters'],
    ['9144030071526726xg', 'lower case (the contract upper-cases first)'],
    ['91440300715267I6XG', 'I is not a code character'],
    ['91A40300715267260G', 'a letter in the division code'],
    [' 9144030071526726XG', 'a space'],
    ['', 'empty'],
  ])('refuses %s (%s)', (code) => {
    expect(isValidUscc(code)).toBe(false)
  })

  const codeChar = fc.constantFrom(...USCC_CHARS.split(''))
  const digit = fc.constantFrom(...'0123456789'.split(''))
  /** Any well-formed code: 2 code characters, 6 digits, 9 code characters, and its check character. */
  const validCode = fc
    .tuple(fc.array(codeChar, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 6, maxLength: 6 }), fc.array(codeChar, { minLength: 9, maxLength: 9 }))
    .map(([a, b, c]) => {
      const body = [...a, ...b, ...c].join('')
      return body + usccCheckChar(body)!
    })

  it('accepts every generated code with its check character', () => {
    fc.assert(fc.property(validCode, (code) => isValidUscc(code)))
  })

  it('refuses any single-character change of a valid code', () => {
    const other = fc.oneof(codeChar, fc.constantFrom(...'IOSVZiosvz abcxy-（）０１２ＡＢ'.split('')), fc.string({ minLength: 1, maxLength: 1 }))
    fc.assert(
      fc.property(validCode, fc.nat({ max: 17 }), other, (code, at, ch) => {
        fc.pre(ch !== code[at])
        const changed = code.slice(0, at) + ch + code.slice(at + 1)
        return !isValidUscc(changed)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('employerKey: one company, one key', () => {
  it.each([
    '示例纺织有限公司',
    '示例纺织 有限责任公司',
    '示例纺织有限责任公司',
    '示例纺织股份有限公司',
    '示例纺织公司',
    '示例纺织',
    '  示例纺织有限公司  ',
    '示例纺织有限公司（曹县分公司）',
    '示例纺织有限公司(曹县分公司)',
    '示例纺织有限公司曹县分公司',
    '示例纺织有限公司 曹县分厂',
    '示例纺织（有限公司）',
    '示例纺织有限公司【曹县】',
    '示 例 纺 织 有 限 公 司',
    '示例纺织　有限公司',
    '示例纺织责任有限公司',
  ])('「%s」 → 示例纺织', (name) => {
    expect(employerKey(name)).toBe('示例纺织')
  })

  it('full-width letters and digits are half-width; Latin names lose case and their legal form', () => {
    expect(employerKey('ＡＢＣ纺织有限公司')).toBe('abc纺织')
    expect(employerKey('示例１号纺织厂')).toBe('示例1号纺织厂')
    expect(employerKey('Heze Textile Co., Ltd.')).toBe('hezetextile')
    expect(employerKey('HEZE TEXTILE CO LTD')).toBe('hezetextile')
    expect(employerKey('heze·textile limited')).toBe('hezetextile')
  })

  it('keeps apart what may be two companies: a place name in front, a group, a factory', () => {
    expect(employerKey('山东示例纺织有限公司')).not.toBe(employerKey('示例纺织有限公司'))
    expect(employerKey('曹县示例纺织有限公司')).not.toBe(employerKey('单县示例纺织有限公司'))
    expect(employerKey('示例纺织集团有限公司')).toBe('示例纺织集团')
    expect(employerKey('示例食品有限公司')).not.toBe(employerKey('示例纺织有限公司'))
  })

  it('a branch with no legal form in front loses only the word 分公司', () => {
    expect(employerKey('示例纺织曹县分公司')).toBe('示例纺织曹县')
  })

  it('never makes an empty key of a name that is only a legal form or punctuation', () => {
    expect(employerKey('有限公司')).toBe('有限公司')
    expect(employerKey('（）')).toBe('()')
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0), (s) => employerKey(s).length > 0))
  })

  it('is stable: the key of a key is itself', () => {
    for (const name of ['示例纺织有限公司', '示例纺织有限公司（曹县分公司）', 'Heze Textile Co., Ltd.', '山东示例建设集团有限公司']) expect(employerKey(employerKey(name))).toBe(employerKey(name))
  })
})

describe('employerPrefixKey: what the typed beginning matches', () => {
  it.each([
    ['示', '示'],
    ['示例纺', '示例纺'],
    ['示例纺织有', '示例纺织'],
    ['示例纺织有限', '示例纺织'],
    ['示例纺织有限公', '示例纺织'],
    ['示例纺织有限责任', '示例纺织'],
    ['示例纺织股份', '示例纺织'],
    ['示例纺织有限公司', '示例纺织'],
    ['示例纺织有限公司（曹', '示例纺织'],
    ['ＡＢＣ', 'abc'],
    ['  ', ''],
    ['', ''],
  ])('「%s」 → 「%s」', (typed, key) => {
    expect(employerPrefixKey(typed)).toBe(key)
  })

  it('a full name typed out matches its own key from the start', () => {
    for (const name of ['示例纺织有限公司', '示例纺织 有限责任公司', '示例食品有限公司（曹县）'])
      for (let n = 1; n <= name.length; n++) {
        const p = employerPrefixKey(name.slice(0, n))
        if (p) expect(employerKey(name).startsWith(p)).toBe(true)
      }
  })
})

describe('enterpriseNameOf', () => {
  it.each([
    ['示例纺织有限公司驿站（曹县，示例）', '示例纺织有限公司'],
    ['示例食品有限公司驿站（单县，示例）', '示例食品有限公司'],
    ['菏泽某某机械有限公司职工驿站', '菏泽某某机械有限公司'],
    ['某某集团劳动关系服务驿站(试点)', '某某集团'],
    ['驿站', '驿站'],
  ])('「%s」 → 「%s」', (station, name) => {
    expect(enterpriseNameOf(station)).toBe(name)
  })
})
