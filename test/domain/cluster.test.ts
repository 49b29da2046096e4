import { CLUSTER_WINDOW_MS, clusterKeyOf, separateCases, stepCluster, strictestPrivacy, type ClusterEntry } from '../../cloudfunctions/core/domain/cluster'

const DAY = 24 * 3600_000
const T0 = Date.UTC(2026, 10, 1, 2)
const e = (caseId: string, day: number, worker: string | null, privacy: ClusterEntry['privacy'] = 'open'): ClusterEntry => ({ caseId, at: T0 + day * DAY, worker, privacy })

describe('cluster rules', () => {
  it('counts a project before an employer, and nothing when neither is known', () => {
    expect(clusterKeyOf({ projectId: 'pj1', employerKey: '示例纺织' })).toBe('project:pj1')
    expect(clusterKeyOf({ employerKey: '示例纺织' })).toBe('employer:示例纺织')
    expect(clusterKeyOf({ employerKey: null })).toBeNull()
  })

  it('counts named cases once per worker and every anonymous case on its own', () => {
    expect(separateCases([e('a', 0, 'w1'), e('b', 1, 'w1'), e('c', 2, 'w2')])).toBe(2)
    expect(separateCases([e('a', 0, null, 'anonymous'), e('b', 1, null, 'anonymous'), e('c', 2, 'w1')])).toBe(3)
  })

  it('raises with the third separate case within 30 days', () => {
    const first = stepCluster([], e('a', 0, 'w1'), false)
    const second = stepCluster(first.window, e('b', 10, 'w2'), false)
    const third = stepCluster(second.window, e('c', 30, 'w3'), false)
    expect([first.alert, second.alert, third.alert]).toEqual(['none', 'none', 'raise'])
    expect(third.window.map((x) => x.caseId)).toEqual(['a', 'b', 'c'])
  })

  it('does not raise when the first case is 31 days old, and forgets it', () => {
    const w = [e('a', 0, 'w1'), e('b', 10, 'w2')]
    const late = stepCluster(w, e('c', 31, 'w3'), false)
    expect(late.alert).toBe('none')
    expect(late.window.map((x) => x.caseId)).toEqual(['b', 'c'])
    expect(stepCluster(w, { ...e('c', 0, 'w3'), at: T0 + CLUSTER_WINDOW_MS }, false).alert).toBe('raise')
  })

  it('does not raise for one worker filing three times', () => {
    let w: ClusterEntry[] = []
    for (const id of ['a', 'b', 'c', 'd']) {
      const s = stepCluster(w, e(id, 1, 'w1'), false)
      expect(s.alert).toBe('none')
      w = s.window
    }
  })

  it('adds every case to an open alert, and raises again after it was closed', () => {
    const w = [e('a', 0, 'w1'), e('b', 1, 'w2'), e('c', 2, 'w3')]
    expect(stepCluster(w, e('d', 3, 'w4'), true).alert).toBe('join')
    expect(stepCluster(w, e('d', 3, 'w1'), true).alert).toBe('join')
    expect(stepCluster(w, e('d', 3, 'w4'), false).alert).toBe('raise')
  })

  it('shows an alert under its strictest case', () => {
    expect(strictestPrivacy(['open', 'open'])).toBe('open')
    expect(strictestPrivacy(['open', 'confidential', 'open'])).toBe('confidential')
    expect(strictestPrivacy(['anonymous', 'confidential'])).toBe('anonymous')
    expect(strictestPrivacy([])).toBe('open')
  })
})
