/**
 * Order numbers a person can say aloud and that stay unique across the shop's devices: a short
 * code made once per device, a dash and the device's own sequence ("K7-1042"). The code's
 * letters leave out those that read alike (0/O, 1/I/L, U/V), so a number read over a counter
 * is typed back right.
 */

export const DEVICE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ'
export const FIRST_SEQUENCE = 1001

/**
 * A device code not in `taken` (the codes of the shop's other devices, as far as this one
 * knows): two characters while the shop has fewer than the alphabet squared, one more after.
 * `random` returns numbers in [0, 1), like Math.random; it is passed in so tests can drive it.
 */
export function newDeviceCode(taken: ReadonlySet<string>, random: () => number): string {
  for (let length = 2; ; length++) {
    const possible = DEVICE_CODE_ALPHABET.length ** length
    const free = possible - [...taken].filter((code) => code.length === length).length
    if (free <= 0) continue
    // A few random tries, then the first free code in order, so this always ends.
    for (let attempt = 0; attempt < 16; attempt++) {
      const code = Array.from({ length }, () => DEVICE_CODE_ALPHABET[Math.floor(random() * DEVICE_CODE_ALPHABET.length)] ?? '2').join('')
      if (!taken.has(code)) return code
    }
    for (let n = 0; n < possible; n++) {
      const code = codeAt(n, length)
      if (!taken.has(code)) return code
    }
  }
}

function codeAt(n: number, length: number): string {
  let code = ''
  for (let i = 0; i < length; i++) {
    code = (DEVICE_CODE_ALPHABET[n % DEVICE_CODE_ALPHABET.length] ?? '') + code
    n = Math.floor(n / DEVICE_CODE_ALPHABET.length)
  }
  return code
}

/** Whether `code` could have been made by newDeviceCode. */
export function isDeviceCode(code: string): boolean {
  return code.length >= 2 && [...code].every((c) => DEVICE_CODE_ALPHABET.includes(c))
}

/** "K7" and 1042 → "K7-1042". */
export function formatOrderNumber(deviceCode: string, sequence: number): string {
  if (!isDeviceCode(deviceCode)) throw new RangeError(`not a device code: ${JSON.stringify(deviceCode)}`)
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`not an order sequence: ${sequence}`)
  return `${deviceCode}-${sequence}`
}

/** "k7-1042" (any case, spaces around) → { deviceCode: 'K7', sequence: 1042 }; undefined when it is not one. */
export function parseOrderNumber(text: string): { deviceCode: string; sequence: number } | undefined {
  const match = /^([0-9A-Z]{2,})-([1-9]\d{0,15})$/.exec(text.trim().toUpperCase())
  if (!match) return undefined
  const deviceCode = match[1] ?? ''
  const sequence = Number(match[2])
  if (!isDeviceCode(deviceCode) || !Number.isSafeInteger(sequence)) return undefined
  return { deviceCode, sequence }
}

/** The sequence the device's next order gets, given the highest it has used (if any). */
export function nextSequence(highest: number | undefined): number {
  return highest === undefined ? FIRST_SEQUENCE : highest + 1
}
