import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { base64ToBytes, bytesToBase64 } from '../../../src/domain/base64'

describe('base64', () => {
  it('encodes and decodes nothing as the empty text', () => {
    expect(bytesToBase64(new Uint8Array(0))).toBe('')
    expect(base64ToBytes('')).toEqual(new Uint8Array(0))
  })

  it.each([
    [[], ''],
    [[0x66], 'Zg=='],
    [[0x66, 0x6f], 'Zm8='],
    [[0x66, 0x6f, 0x6f], 'Zm9v'],
    [[0xfb, 0xff], '+/8='],
    [[0, 0, 0], 'AAAA'],
  ])('writes %j as %j (RFC 4648 alphabet and padding)', (bytes, text) => {
    expect(bytesToBase64(new Uint8Array(bytes))).toBe(text)
    expect([...base64ToBytes(text)]).toEqual(bytes)
  })

  it('round-trips every byte value, in order and reversed', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(base64ToBytes(bytesToBase64(all))).toEqual(all)
    const reversed = all.slice().reverse()
    expect(base64ToBytes(bytesToBase64(reversed))).toEqual(reversed)
  })

  it('round-trips more bytes than one chunk of String.fromCharCode (a photo)', () => {
    const photo = Uint8Array.from({ length: 3 * 0x8000 + 17 }, (_, i) => (i * 31) % 256)
    const text = bytesToBase64(photo)
    expect(text).toBe(Buffer.from(photo).toString('base64'))
    expect(base64ToBytes(text)).toEqual(photo)
  })

  it('agrees with Node’s encoder on any bytes, both ways', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = bytesToBase64(bytes)
        expect(text).toBe(Buffer.from(bytes).toString('base64'))
        expect(base64ToBytes(text)).toEqual(bytes)
      }),
    )
  })

  it('refuses text that is not base64', () => {
    expect(() => base64ToBytes('@@@')).toThrow()
  })
})
