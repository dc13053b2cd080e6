/**
 * A hybrid logical clock (Kulkarni et al., 2014): the wall time in milliseconds plus a counter,
 * and the device that made the stamp. It never goes backwards on a device, even when the
 * device's clock does, and a stamp received from another device moves it forward, so "later"
 * means "made after, as far as any device could know", not "the bigger wall clock".
 *
 * Stamps are kept as fixed-width strings whose text order is the clock's order, so they can be
 * compared with `<`, sorted, and stored in an index.
 */

export interface Hlc {
  /** Milliseconds since the epoch, the largest wall time seen so far. */
  wall: number
  /** Events within the same `wall` millisecond. */
  counter: number
  /** The device that made the stamp; breaks ties, so two devices never make equal stamps. */
  device: string
}

const WALL_WIDTH = 9 // base 36: up to 36^9 ms, about year 5138
const COUNTER_WIDTH = 4 // base 36: 1,679,615 events in one millisecond
const MAX_COUNTER = 36 ** COUNTER_WIDTH - 1

/** Thrown when a clock would overflow its counter: a device stamping faster than the text allows. */
export class ClockOverflowError extends Error {
  constructor() {
    super('Too many changes in one millisecond for the clock to count.')
  }
}

/** The stamp of a new local event, given the last stamp this device made or saw and the wall clock now. */
export function tickHlc(last: Hlc | undefined, wallNow: number, device: string): Hlc {
  if (!last || wallNow > last.wall) return { wall: wallNow, counter: 0, device }
  return { wall: last.wall, counter: bump(last.counter), device }
}

/** The device's clock after receiving `remote`: past both its own last stamp and the remote one. */
export function receiveHlc(local: Hlc | undefined, remote: Hlc, wallNow: number, device: string): Hlc {
  const wall = Math.max(wallNow, local?.wall ?? -1, remote.wall)
  const counters = [local && local.wall === wall ? local.counter : -1, remote.wall === wall ? remote.counter : -1]
  const highest = Math.max(...counters)
  return { wall, counter: highest < 0 ? 0 : bump(highest), device }
}

function bump(counter: number): number {
  if (counter >= MAX_COUNTER) throw new ClockOverflowError()
  return counter + 1
}

/** Negative when `a` is earlier, positive when later, 0 only for the same stamp. */
export function compareHlc(a: Hlc, b: Hlc): number {
  return a.wall - b.wall || a.counter - b.counter || (a.device < b.device ? -1 : a.device > b.device ? 1 : 0)
}

/** The stamp as text whose order is the clock's order: "0mjx3k1ab0000K7". */
export function encodeHlc(h: Hlc): string {
  if (!Number.isSafeInteger(h.wall) || h.wall < 0 || h.wall >= 36 ** WALL_WIDTH) throw new RangeError(`wall time out of range: ${h.wall}`)
  if (!Number.isSafeInteger(h.counter) || h.counter < 0 || h.counter > MAX_COUNTER) throw new RangeError(`counter out of range: ${h.counter}`)
  return h.wall.toString(36).padStart(WALL_WIDTH, '0') + h.counter.toString(36).padStart(COUNTER_WIDTH, '0') + h.device
}

/** Reads a stamp made by encodeHlc; throws on text that is not one. */
export function decodeHlc(text: string): Hlc {
  const match = /^([0-9a-z]{9})([0-9a-z]{4})(.+)$/.exec(text)
  if (!match) throw new RangeError(`not a clock stamp: ${JSON.stringify(text)}`)
  return { wall: parseInt(match[1] ?? '', 36), counter: parseInt(match[2] ?? '', 36), device: match[3] ?? '' }
}
