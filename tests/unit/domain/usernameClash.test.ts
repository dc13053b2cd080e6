import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createdFirst, renamedUsername, settleUsernames, type UsernameHolder } from '../../../src/domain/usernameClash'
import { USERNAME_MAX, usernameKey } from '../../../src/domain/user'

const holder = (id: string, username: string, createdAt: number): UsernameHolder => ({ id, username, usernameKey: usernameKey(username), createdAt })

describe('usernames that clash across devices', () => {
  it.each([
    ['earlier createdAt keeps it', holder('zzzzzzzzzzzzz', 'alice', 1), holder('aaaaaaaaaaaaa', 'alice', 2), 'aaaaaaaaaaaaa'],
    ['same time: the smaller id keeps it', holder('Bbbbbbbbbbbbb', 'alice', 5), holder('Abbbbbbbbbb9Q', 'Alice', 5), 'Bbbbbbbbbbbbb'],
  ])('%s', (_, a, b, renamedId) => {
    const renames = settleUsernames([a, b])
    expect(renames.map((r) => r.id)).toEqual([renamedId])
    const loser = renamedId === a.id ? a : b
    expect(renames[0]).toEqual({ id: loser.id, username: `${loser.username}-${loser.id.slice(-4).toLowerCase()}`, usernameKey: usernameKey(`${loser.username}-${loser.id.slice(-4)}`), usernameConflict: loser.username })
  })

  it('one account per key: nothing to settle', () => {
    expect(settleUsernames([holder('a', 'alice', 1), holder('b', 'bob', 1)])).toEqual([])
    // The same account listed twice (here and incoming) is one account.
    expect(settleUsernames([holder('a', 'alice', 1), holder('a', 'alice', 1)])).toEqual([])
  })

  it('"Alice" and "alice" clash (one key), and a renamed name never takes a key in use', () => {
    const renames = settleUsernames([holder('x-------a1b2', 'Alice', 1), holder('y-------A1B2', 'alice', 2), holder('z-------0000', 'alice-a1b2', 0)])
    expect(renames).toHaveLength(1)
    // alice-a1b2 is taken, so the loser uses more of its id.
    expect(renames[0]!.username).toBe('alice--a1b2')
    expect(settleUsernames([holder('q', 'bob', 1), holder('r--------zzz9', 'bob', 2)], (key) => key === 'bob-zzz9')[0]!.username).toBe('bob--zzz9')
  })

  it('a long name is cut to fit', () => {
    const long = 'n'.repeat(USERNAME_MAX)
    const renamed = renamedUsername(long, 'abcdefghijklm')
    expect([...renamed].length).toBe(USERNAME_MAX)
    expect(renamed.endsWith('-jklm')).toBe(true)
  })

  it('every device gets the same outcome whatever order it meets the accounts in, and no key is left shared', () => {
    const id = fc.stringMatching(/^[a-z0-9]{13}$/)
    const account = fc.record({ id, username: fc.constantFrom('alice', 'Alice', 'bob', 'alice-x'), createdAt: fc.integer({ min: 0, max: 3 }) })
    fc.assert(
      fc.property(fc.uniqueArray(account, { selector: (a) => a.id, maxLength: 6 }), (accounts) => {
        const holders = accounts.map((a) => holder(a.id, a.username, a.createdAt))
        const sorted = (list: ReturnType<typeof settleUsernames>) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1))
        const one = sorted(settleUsernames(holders))
        expect(sorted(settleUsernames([...holders].reverse()))).toEqual(one)
        const after = holders.map((h) => one.find((r) => r.id === h.id)?.usernameKey ?? h.usernameKey)
        expect(new Set(after).size).toBe(after.length)
      }),
    )
  })

  it('createdFirst orders by createdAt, then id', () => {
    expect(createdFirst(holder('b', 'x', 1), holder('a', 'x', 2))).toBe(true)
    expect(createdFirst(holder('b', 'x', 1), holder('a', 'x', 1))).toBe(false)
  })
})
