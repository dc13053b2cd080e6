/**
 * The app's id generator: domain/id.ts over the wall clock and crypto.getRandomValues. One
 * generator per page, so a page's ids always increase (see nextId); two pages or devices
 * making ids in the same millisecond differ by their 48 random bits.
 */
import { idGenerator, type Id } from '../domain/id'

const generate = idGenerator(
  () => Date.now(),
  (bytes) => crypto.getRandomValues(bytes as Uint8Array<ArrayBuffer>),
)

/** A fresh global id (at `time`, by default now). */
export function newId(time?: number): Id {
  return generate(time)
}
