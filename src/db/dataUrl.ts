/** data: URLs as older data and backup files hold pictures. */

/**
 * Decodes a data: URL synchronously (no fetch: awaiting one would end the upgrade's
 * transaction). Returns undefined for anything that is not a well-formed data: URL.
 */
export function dataUrlToBlob(url: string): Blob | undefined {
  const match = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(url)
  if (!match) return undefined
  const [, params = '', base64, payload = ''] = match
  const type = params.split(';')[0]?.trim() || 'text/plain'
  try {
    if (base64) {
      const binary = atob(payload)
      const bytes = new Uint8Array(binary.length)
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
      return new Blob([bytes], { type })
    }
    return new Blob([new TextEncoder().encode(decodeURIComponent(payload))], { type })
  } catch {
    return undefined
  }
}
