/// <reference lib="webworker" />
// Reads and checks a CSV file of products off the main thread (see services/csvWorkerClient.ts).
import { parseProductsCsv } from '../services/productCsv'

const scope = self as unknown as DedicatedWorkerGlobalScope

scope.onmessage = async (event: MessageEvent<{ file: Blob; fractionDigits: number }>) => {
  try {
    scope.postMessage(parseProductsCsv(await event.data.file.text(), event.data.fractionDigits))
  } catch (err) {
    scope.postMessage({ error: err instanceof Error ? err.message : String(err) })
  }
}
