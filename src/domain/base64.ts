/**
 * Bytes to base64 text and back (RFC 4648, the standard alphabet with padding), for password
 * hashes and salts and for photos inside data: URLs. One helper for every layer: domain
 * imports nothing, so db/ and services/ may both use it.
 */

/** Bytes handed to String.fromCharCode at once: big photos would overflow the call's arguments. */
const CHUNK = 0x8000

/** The base64 text of `bytes`. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return btoa(binary)
}

/** The bytes of base64 text. Throws (a DOMException) on text that is not base64. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
