import { describe, expect, it } from 'vitest'
import { formatBytes, formatCount, formatShare } from '../../../src/format/numbers'

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [999, '999 bytes'],
    [1000, '1 kB'],
    [1536, '1.5 kB'],
    [999_949, '999.9 kB'],
    [999_960, '1 MB'],
    [12_345_678, '12.3 MB'],
    [2_147_483_648, '2.1 GB'],
    [5e15, '5,000 TB'],
    [-5, '0 bytes'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})

describe('formatShare and formatCount', () => {
  it('formats a share as a percentage and a count with grouping', () => {
    expect(formatShare(0.012345)).toBe('1.23%')
    expect(formatShare(0)).toBe('0%')
    expect(formatCount(1000)).toBe('1,000')
  })
})
