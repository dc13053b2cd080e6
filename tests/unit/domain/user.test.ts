import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../../src/domain/errors'
import COMMON_PASSWORDS from '../../../src/domain/common-passwords'
import { registrationProblems, validateUsername } from '../../../src/domain/registration'
import {
  isActiveUser,
  normalizeUsername,
  passwordProblem,
  roleForNewUser,
  usernameKey,
  validatePassword,
  validatePasswordConfirmation,
  type Role,
} from '../../../src/domain/user'
import { thrown } from '../support'

const SMILE = '\u{1F600}' // one code point, two UTF-16 units

describe('normalizeUsername', () => {
  it.each([
    ['\uff21lice', 'Alice'], // full-width Latin A
    ['\uff22\uff4f\uff42\uff11', 'Bob1'],
    ['  bob  ', 'bob'],
    ['\u00a0carol\u3000', 'carol'], // no-break space, ideographic space
    ['\ufb01sh', 'fish'], // "fi" ligature
    ['Jose\u0301', 'Jos\u00e9'], // combining acute accent composes
    ['Jos\u00e9', 'Jos\u00e9'],
    ['Alice', 'Alice'],
  ])('%j → %j', (raw, normalised) => {
    expect(normalizeUsername(raw)).toBe(normalised)
  })
})

describe('usernameKey', () => {
  it.each(['alice', 'Alice', 'ALICE', 'aLiCe', '\uff21lice', '\uff41\uff4c\uff49\uff43\uff45', '  ALICE '])(
    '%j has the key "alice"',
    (raw) => {
      expect(usernameKey(raw)).toBe('alice')
    },
  )

  it('tells different names apart', () => {
    expect(usernameKey('alice')).not.toBe(usernameKey('alicia'))
    expect(usernameKey('Jos\u00e9')).not.toBe(usernameKey('Jose'))
  })

  it('ignores case for any ASCII name', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_]{1,32}$/), (name) => {
        expect(usernameKey(name.toUpperCase())).toBe(usernameKey(name.toLowerCase()))
        expect(usernameKey(name)).toBe(name.toLowerCase())
      }),
    )
  })
})

describe('validateUsername', () => {
  it.each([
    ['abc', 'abc'], // 3: the minimum
    ['a'.repeat(32), 'a'.repeat(32)], // 32: the maximum
    [SMILE.repeat(3), SMILE.repeat(3)], // 3 code points, 6 UTF-16 units
    [SMILE.repeat(32), SMILE.repeat(32)], // 32 code points, 64 UTF-16 units
    ['  abc  ', 'abc'],
    ['\uff21lice', 'Alice'],
    ['\ufb03', 'ffi'], // one character typed, three after NFKC
    ['Jos\u00e9', 'Jos\u00e9'],
    ['Zo\u00eb the 2nd', 'Zo\u00eb the 2nd'],
  ])('accepts %j as %j', (raw, name) => {
    expect(validateUsername(raw)).toBe(name)
  })

  it.each([
    ['', 'Enter a username.'],
    ['   ', 'Enter a username.'],
    ['\u3000', 'Enter a username.'],
    ['ab', 'Username must be at least 3 characters.'],
    [' ab ', 'Username must be at least 3 characters.'],
    [SMILE.repeat(2), 'Username must be at least 3 characters.'], // 4 UTF-16 units but 2 code points
    ['a'.repeat(33), 'Username must be at most 32 characters.'],
    [SMILE.repeat(33), 'Username must be at most 32 characters.'],
    ['ab\u0000c', 'Username cannot contain control characters.'],
    ['ab\tc', 'Username cannot contain control characters.'],
    ['abc\u007f', 'Username cannot contain control characters.'],
    ['abc\u200b', 'Usernames cannot contain invisible or blank characters.'], // zero-width space
    ['ab\u202ec', 'Username cannot contain control characters.'], // right-to-left override
  ])('refuses %j: "%s"', (raw, message) => {
    const err = thrown(() => validateUsername(raw))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'username', message })
  })

  it('counts length in code points for any name of 3 to 32 emoji or letters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.constantFrom('a', SMILE, '\u00e9', '\u4e2d'), (n, ch) => {
        const raw = ch.repeat(n)
        if (n >= 3 && n <= 32) expect(validateUsername(raw)).toBe(raw)
        else expect(thrown(() => validateUsername(raw))).toBeInstanceOf(ValidationError)
      }),
    )
  })
})

describe('validatePassword', () => {
  it.each(['12345678', 'correct horse battery staple', SMILE.repeat(8), '        '])('accepts %j', (password) => {
    expect(validatePassword(password)).toBeUndefined()
  })

  it.each([
    ['', 'Enter a password.'],
    ['a', 'Password must be at least 8 characters.'],
    ['1234567', 'Password must be at least 8 characters.'],
    [SMILE.repeat(7), 'Password must be at least 8 characters.'], // 14 UTF-16 units, 7 characters
  ])('refuses %j: "%s"', (password, message) => {
    const err = thrown(() => validatePassword(password))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'password', message })
  })
})

describe('the common-password list', () => {
  it('holds the 1,000 most common passwords, distinct, lower case, most common first', () => {
    expect(COMMON_PASSWORDS).toHaveLength(1000)
    expect(new Set(COMMON_PASSWORDS).size).toBe(1000)
    expect(COMMON_PASSWORDS.every((p) => p === p.toLowerCase() && p.length > 0)).toBe(true)
    expect(COMMON_PASSWORDS.slice(0, 3)).toEqual(['123456', 'password', '12345678'])
  })
})

describe('passwordProblem', () => {
  const common: ReadonlySet<string> = new Set(COMMON_PASSWORDS)
  const COMMON = 'That is one of the most common passwords, so it is easy to guess. Choose another.'

  it.each([
    ['', 'Enter a password.'],
    ['1234567', 'Password must be at least 8 characters.'],
    ['password', COMMON],
    ['PASSWORD', COMMON], // case does not make it safe
    ['PassWord', COMMON],
    ['12345678', COMMON],
    ['iloveyou', COMMON],
    ['sunshine', COMMON],
    ['qwertyuiop', COMMON],
  ])('refuses %j: %s', (password, message) => {
    expect(passwordProblem(password, common)).toBe(message)
  })

  it.each(['correct horse battery', 'password-for-the-shop', '12345678 ', 'sunshine2025!', SMILE.repeat(8)])(
    'accepts %j',
    (password) => {
      expect(passwordProblem(password, common)).toBe('')
    },
  )

  it('checks length by composition-free code points before the list', () => {
    expect(passwordProblem('abc', new Set(['abc']))).toBe('Password must be at least 8 characters.')
  })

  it('throws the same message for the password field through validatePassword', () => {
    const err = thrown(() => validatePassword('password', common))
    expect(err).toMatchObject({ field: 'password', message: COMMON })
    const named = thrown(() => validatePassword('password', common, 'next'))
    expect(named).toMatchObject({ field: 'next' })
  })
})

describe('registrationProblems', () => {
  const common = new Set(COMMON_PASSWORDS)

  it('reports every field at once', () => {
    expect(registrationProblems({ username: 'al', password: 'password', confirm: 'passw0rd' }, common)).toEqual({
      username: 'Username must be at least 3 characters.',
      password: 'That is one of the most common passwords, so it is easy to guess. Choose another.',
      confirm: 'The passwords do not match.',
    })
  })

  it('is empty for a good form, and skips the confirmation when none is given', () => {
    expect(registrationProblems({ username: 'Alice', password: 'correct horse', confirm: 'correct horse' }, common)).toEqual({})
    expect(registrationProblems({ username: 'Alice', password: 'correct horse' }, common)).toEqual({})
  })
})

describe('isActiveUser', () => {
  it('is false only once the account is deleted', () => {
    expect(isActiveUser({})).toBe(true)
    expect(isActiveUser({ deletedAt: 5 })).toBe(false)
    expect(isActiveUser({ deletedAt: 0 })).toBe(false)
  })
})

describe('validatePasswordConfirmation', () => {
  it.each([
    ['12345678', '12345678'],
    ['p\u00e4ssw\u00f6rd!', 'p\u00e4ssw\u00f6rd!'],
  ])('accepts %j confirmed as %j', (password, confirm) => {
    expect(validatePasswordConfirmation(password, confirm)).toBeUndefined()
  })

  it.each([
    ['12345678', '12345679'],
    ['Password1', 'password1'],
    ['12345678', '12345678 '],
    ['12345678', ''],
  ])('refuses %j confirmed as %j', (password, confirm) => {
    const err = thrown(() => validatePasswordConfirmation(password, confirm))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'confirm', message: 'The passwords do not match.' })
  })
})

describe('roleForNewUser', () => {
  it.each<[number, Role]>([
    [0, 'owner'],
    [1, 'customer'],
    [2, 'customer'],
    [500, 'customer'],
  ])('with %d existing accounts the new one is %s', (existing, role) => {
    expect(roleForNewUser(existing)).toBe(role)
  })
})
