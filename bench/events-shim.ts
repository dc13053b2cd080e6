/**
 * Node's EventEmitter, as much of it as pouchdb-browser uses (it imports 'events', which a
 * browser build does not have and this project does not install). Only the sync bench's page
 * loads it (bench/vite.config.ts aliases 'events' here). A constructor function with
 * enumerable prototype methods, like Node's: PouchDB copies them with Object.keys and extends it.
 */
type Listener = (...args: unknown[]) => void
interface Emitter {
  _events: Map<string | symbol, Listener[]>
}

function EventEmitter(this: Emitter) {
  this._events = new Map()
}

const proto = EventEmitter.prototype as Record<string, unknown>
const eventsOf = (self: Emitter) => (self._events ??= new Map())

proto.on = proto.addListener = function (this: Emitter, type: string, listener: Listener) {
  const list = eventsOf(this).get(type)
  if (list) list.push(listener)
  else eventsOf(this).set(type, [listener])
  return this
}
proto.once = function (this: Emitter & { on: typeof proto.on; removeListener(t: string, l: Listener): void }, type: string, listener: Listener) {
  const wrapped: Listener & { listener?: Listener } = (...args) => {
    this.removeListener(type, wrapped)
    listener.apply(this, args)
  }
  wrapped.listener = listener
  ;(proto.on as (this: Emitter, t: string, l: Listener) => Emitter).call(this, type, wrapped)
  return this
}
proto.removeListener = proto.off = function (this: Emitter, type: string, listener: Listener) {
  const list = eventsOf(this).get(type)
  if (!list) return this
  const at = list.findIndex((l) => l === listener || (l as { listener?: Listener }).listener === listener)
  if (at >= 0) list.splice(at, 1)
  if (list.length === 0) eventsOf(this).delete(type)
  return this
}
proto.removeAllListeners = function (this: Emitter, type?: string) {
  if (type === undefined) eventsOf(this).clear()
  else eventsOf(this).delete(type)
  return this
}
proto.emit = function (this: Emitter, type: string, ...args: unknown[]) {
  const list = eventsOf(this).get(type)
  if (!list || list.length === 0) {
    if (type === 'error') throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error: ${String(args[0])}`)
    return false
  }
  for (const l of [...list]) l.apply(this, args)
  return true
}
proto.listeners = function (this: Emitter, type: string) {
  return [...(eventsOf(this).get(type) ?? [])].map((l) => (l as { listener?: Listener }).listener ?? l)
}
proto.listenerCount = function (this: Emitter, type: string) {
  return eventsOf(this).get(type)?.length ?? 0
}
proto.setMaxListeners = function (this: Emitter) {
  return this
}
;(EventEmitter as unknown as { listenerCount(e: Emitter, t: string): number }).listenerCount = (e, t) => eventsOf(e).get(t)?.length ?? 0

export default EventEmitter
export { EventEmitter }
