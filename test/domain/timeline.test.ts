import { eventWords } from '../../cloudfunctions/core/domain/timeline'

describe('a timeline entry, worded for whoever reads it', () => {
  const accepted = { text: '曹城街道驿站（示例） 已受理你的诉求', did: '受理了这条诉求', actor: 'officer' as const, officerId: 'of-wang', officerName: '王所长', stationName: '曹城街道驿站（示例）' }
  const replied = { ...accepted, text: '已联系单位核实。', did: '答复了职工：已联系单位核实。' }

  it('keeps the worker’s words for the worker', () => {
    expect(eventWords(accepted, { as: 'worker' })).toEqual({ text: '曹城街道驿站（示例） 已受理你的诉求' })
    expect(eventWords(replied, { as: 'worker' })).toEqual({ text: '已联系单位核实。' })
  })

  it('says 你 to the officer who acted', () => {
    expect(eventWords(accepted, { as: 'officer', officerId: 'of-wang' })).toEqual({ text: '你受理了这条诉求' })
    expect(eventWords(replied, { as: 'officer', officerId: 'of-wang' })).toEqual({ text: '你答复了职工：已联系单位核实。' })
  })

  it('names the station and the officer to the others', () => {
    expect(eventWords(accepted, { as: 'officer', officerId: 'of-li' })).toEqual({ text: '曹城街道驿站（示例） 王所长 受理了这条诉求' })
  })

  it('leaves the system’s and the worker’s entries as they are, and names who acted on entries written before', () => {
    const routed = { text: '由 曹城街道驿站（示例） 办理', actor: 'system' as const, officerName: '王所长', stationName: '曹城街道驿站（示例）' }
    expect(eventWords(routed, { as: 'officer', officerId: 'of-wang' })).toEqual({ text: '由 曹城街道驿站（示例） 办理' })
    const older = { text: '单位负责人电话已记下。', actor: 'officer' as const, officerName: '王所长', stationName: '曹城街道驿站（示例）' }
    expect(eventWords(older, { as: 'officer', officerId: 'of-wang' })).toEqual({ text: '单位负责人电话已记下。', who: '王所长 · 曹城街道驿站（示例）' })
    const added = { text: '职工补充：欠薪从三月开始。', actor: 'worker' as const }
    expect(eventWords(added, { as: 'officer', officerId: 'of-wang' })).toEqual({ text: '职工补充：欠薪从三月开始。' })
  })

  it('gives officers their own words for a system entry that speaks to the worker', () => {
    const relocated = { text: '为保护你的隐私，这条诉求不再经企业驿站，改由 曹县经济开发区驿站（示例） 办理', did: '为保护职工的隐私，这条诉求不再经企业驿站，改由 曹县经济开发区驿站（示例） 办理', actor: 'system' as const }
    expect(eventWords(relocated, { as: 'officer', officerId: 'of-wang' })).toEqual({ text: relocated.did })
    expect(eventWords(relocated, { as: 'worker' })).toEqual({ text: relocated.text })
  })
})
