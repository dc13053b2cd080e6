import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  isLocked,
  LOCKOUT_BASE_MS,
  LOCKOUT_MAX_MS,
  lockoutDuration,
  lockRemaining,
  MAX_FAILED_LOGINS,
  recordFailedLogin,
  UNLOCKED,
  type LockoutState,
} from '../../../src/domain/lockout'
import { manualClock } from '../support'

const SECOND = 1000
const MINUTE = 60 * SECOND

describe('lockoutDuration', () => {
  it('locks after 5 failures, for 30 s doubling up to 15 minutes', () => {
    expect(MAX_FAILED_LOGINS).toBe(5)
    expect(LOCKOUT_BASE_MS).toBe(30 * SECOND)
    expect(LOCKOUT_MAX_MS).toBe(15 * MINUTE)
  })

  it.each([
    [0, 0],
    [1, 0],
    [4, 0],
    [5, 30 * SECOND],
    [6, 1 * MINUTE],
    [7, 2 * MINUTE],
    [8, 4 * MINUTE],
    [9, 8 * MINUTE],
    [10, 15 * MINUTE], // 16 minutes, capped
    [11, 15 * MINUTE],
    [1_000_000, 15 * MINUTE],
  ])('after %d failures in a row: %d ms', (failures, ms) => {
    expect(lockoutDuration(failures)).toBe(ms)
  })

  it('never decreases and never exceeds 15 minutes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (n) => {
        expect(lockoutDuration(n + 1)).toBeGreaterThanOrEqual(lockoutDuration(n))
        expect(lockoutDuration(n)).toBeLessThanOrEqual(LOCKOUT_MAX_MS)
        expect(Number.isFinite(lockoutDuration(n))).toBe(true)
      }),
    )
  })
})

describe('recordFailedLogin with a clock', () => {
  it('counts four failures without a lock, then locks on the fifth for 30 s from that moment', () => {
    const clock = manualClock(100_000)
    let state: LockoutState = UNLOCKED
    for (let i = 1; i <= 4; i++) {
      clock.set(100_000 + i * SECOND)
      state = recordFailedLogin(state, clock.now())
      expect(state).toEqual({ failedLogins: i, lockedUntil: 0 })
      expect(isLocked(state, clock.now())).toBe(false)
    }
    clock.set(200_000)
    state = recordFailedLogin(state, clock.now())
    expect(state).toEqual({ failedLogins: 5, lockedUntil: 230_000 })
    expect(lockRemaining(state, clock.now())).toBe(30 * SECOND)
  })

  it('stays locked until the very millisecond the lock ends', () => {
    const state = { failedLogins: 5, lockedUntil: 230_000 }
    expect(isLocked(state, 200_000)).toBe(true)
    expect(isLocked(state, 229_999)).toBe(true)
    expect(lockRemaining(state, 229_999)).toBe(1)
    expect(isLocked(state, 230_000)).toBe(false)
    expect(lockRemaining(state, 230_000)).toBe(0)
    expect(lockRemaining(state, 999_999)).toBe(0)
  })

  it('doubles the lock with each further failure after a lock ran out, up to 15 minutes', () => {
    const clock = manualClock(0)
    let state: LockoutState = { failedLogins: 4, lockedUntil: 0 }
    const locks: number[] = []
    for (let i = 0; i < 8; i++) {
      state = recordFailedLogin(state, clock.now())
      locks.push(state.lockedUntil - clock.now())
      clock.set(state.lockedUntil) // wait exactly until it opens again
    }
    expect(locks).toEqual([30, 60, 120, 240, 480, 900, 900, 900].map((s) => s * SECOND))
  })
})
