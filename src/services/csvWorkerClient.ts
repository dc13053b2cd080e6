/**
 * Reads and checks a CSV file of products in a worker, so a file of 100,000 rows never
 * freezes the page; where workers are missing (tests), it does the same work in place.
 */
import type { ParsedProductsCsv } from './productCsv'

export async function readProductsFile(file: Blob, fractionDigits: number): Promise<ParsedProductsCsv> {
  if (typeof Worker === 'undefined') {
    const { parseProductsCsv } = await import('./productCsv')
    return parseProductsCsv(await file.text(), fractionDigits)
  }
  const worker = new Worker(new URL('../workers/productCsv.worker.ts', import.meta.url), { type: 'module' })
  try {
    return await new Promise<ParsedProductsCsv>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<ParsedProductsCsv | { error: string }>) => {
        const data = event.data
        if ('error' in data) reject(new Error(data.error))
        else resolve(data)
      }
      worker.onerror = (event) => reject(new Error(event.message || 'The CSV reader stopped.'))
      worker.postMessage({ file, fractionDigits })
    })
  } finally {
    worker.terminate()
  }
}
