/** Photos as data: URLs, the way a backup file holds them (a Blob cannot go into JSON). */
import { base64ToBytes, bytesToBase64 } from '../domain/base64'

/** A Blob as a base64 data: URL; a Blob without a type is taken for a JPEG (what the photo field makes). */
export async function blobToDataUrl(blob: Blob): Promise<string> {
  return `data:${blob.type || 'image/jpeg'};base64,${bytesToBase64(new Uint8Array(await blob.arrayBuffer()))}`
}

/**
 * Decodes a data: URL synchronously, percent-encoded or base64. Returns undefined for
 * anything that is not a well-formed data: URL.
 */
export function dataUrlToBlob(url: string): Blob | undefined {
  const match = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(url)
  if (!match) return undefined
  const [, params = '', base64, payload = ''] = match
  const type = params.split(';')[0]?.trim() || 'text/plain'
  try {
    const bytes = base64 ? base64ToBytes(payload) : new TextEncoder().encode(decodeURIComponent(payload))
    return new Blob([bytes], { type })
  } catch {
    return undefined
  }
}
