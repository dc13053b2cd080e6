import { describe, expect, it } from 'vitest'
import { formatDuration } from '../../../src/format/duration'

describe('formatDuration', () => {
  it.each([
    [30_000, '30 seconds'],
    [29_001, '30 seconds'], // rounded up: never says 0 while time is left
    [1_000, '1 second'],
    [1, '1 second'],
    [0, '0 seconds'],
    [-5, '0 seconds'],
    [60_000, '1 minute'],
    [65_000, '1 minute and 5 seconds'],
    [15 * 60_000, '15 minutes'],
    [30 * 60_000, '30 minutes'],
    [8 * 3_600_000, '8 hours'],
    [3_600_000 + 60_000 + 1000, '1 hour, 1 minute, and 1 second'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})
