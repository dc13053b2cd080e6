/**
 * Hands a file made on this device to the browser as a download (a backup, a CSV export):
 * nothing leaves the device. The object URL is released once the browser has had time to
 * read it (some read the blob after click() returns).
 */
export function downloadFile(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
