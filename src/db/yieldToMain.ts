/**
 * Lets the page handle input and paint between two chunks of long work. A message on a
 * MessageChannel is not throttled like setTimeout is in a background tab, where a 100,000
 * product seed would otherwise crawl at one chunk a second.
 */
export function yieldToMain(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      resolve()
    }
    channel.port2.postMessage(null)
  })
}
