import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SESSION_POLICY,
  sessionEndReason,
  sessionEndsAt,
  sessionPolicyFrom,
  type SessionPolicy,
} from '../../../src/domain/session'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

describe('DEFAULT_SESSION_POLICY', () => {
  it('is 30 minutes idle and 8 hours in all', () => {
    expect(DEFAULT_SESSION_POLICY).toEqual({ idleMs: 30 * MINUTE, absoluteMs: 8 * HOUR })
  })
})

describe('sessionEndReason', () => {
  const policy = DEFAULT_SESSION_POLICY
  const start = 1_000_000

  it.each([
    ['just started', start, start, undefined],
    ['idle for 29:59.999', start, start + 30 * MINUTE - 1, undefined],
    ['idle for exactly 30 minutes', start, start + 30 * MINUTE, 'idle'],
    ['active a minute ago, 7 h 59 in', start + 7 * HOUR + 58 * MINUTE, start + 8 * HOUR - 1, undefined],
    ['active a minute ago, 8 h in', start + 7 * HOUR + 59 * MINUTE, start + 8 * HOUR, 'absolute'],
    ['idle and past 8 h: the absolute limit names it', start + 1 * HOUR, start + 9 * HOUR, 'absolute'],
  ])('%s → %s', (_label, lastActiveAt, now, reason) => {
    expect(sessionEndReason({ startedAt: start, lastActiveAt }, now, policy)).toBe(reason)
  })

  it('follows the policy it is given', () => {
    const short: SessionPolicy = { idleMs: MINUTE, absoluteMs: 10 * MINUTE }
    expect(sessionEndReason({ startedAt: 0, lastActiveAt: 0 }, MINUTE - 1, short)).toBeUndefined()
    expect(sessionEndReason({ startedAt: 0, lastActiveAt: 0 }, MINUTE, short)).toBe('idle')
    expect(sessionEndReason({ startedAt: 0, lastActiveAt: 9.5 * MINUTE }, 10 * MINUTE, short)).toBe('absolute')
  })
})

describe('sessionEndsAt', () => {
  it('is the earlier of the idle and absolute limits', () => {
    expect(sessionEndsAt({ startedAt: 0, lastActiveAt: 0 }, DEFAULT_SESSION_POLICY)).toBe(30 * MINUTE)
    expect(sessionEndsAt({ startedAt: 0, lastActiveAt: 7 * HOUR + 50 * MINUTE }, DEFAULT_SESSION_POLICY)).toBe(8 * HOUR)
  })
})

describe('sessionPolicyFrom', () => {
  it.each([
    [undefined, DEFAULT_SESSION_POLICY],
    [null, DEFAULT_SESSION_POLICY],
    ['30', DEFAULT_SESSION_POLICY],
    [{}, DEFAULT_SESSION_POLICY],
    [{ idleMinutes: 5 }, { idleMs: 5 * MINUTE, absoluteMs: 8 * HOUR }],
    [{ absoluteMinutes: 60 }, { idleMs: 30 * MINUTE, absoluteMs: HOUR }],
    [{ idleMinutes: 600, absoluteMinutes: 480 }, { idleMs: 10 * HOUR, absoluteMs: 8 * HOUR }],
    [{ idleMinutes: 0, absoluteMinutes: -1 }, DEFAULT_SESSION_POLICY],
    [{ idleMinutes: Infinity, absoluteMinutes: NaN }, DEFAULT_SESSION_POLICY],
    [{ idleMinutes: '5' }, DEFAULT_SESSION_POLICY],
  ])('%j → %j', (stored, policy) => {
    expect(sessionPolicyFrom(stored)).toEqual(policy)
  })
})
