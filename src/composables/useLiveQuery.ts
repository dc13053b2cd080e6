import { liveQuery, type Subscription } from 'dexie'
import { getCurrentScope, nextTick, onScopeDispose, ReactiveEffect, shallowRef, watch, type ShallowRef, type WatchSource } from 'vue'

export interface UseLiveQueryReturn<T> {
  /** The latest result; undefined until the first one arrives. */
  data: ShallowRef<T | undefined>
  /** The error of the latest run, if it failed. */
  error: ShallowRef<unknown>
  /** True until the first result (or error) for the current inputs arrives. */
  loading: ShallowRef<boolean>
}

/**
 * Dexie's liveQuery as refs: re-runs `query` whenever the tables it read change — in this
 * tab or another — and whenever `source` changes, or any reactive state (a ref, a store's
 * getter) that `query` reads before its first `await`, such as the person's role: Dexie knows
 * nothing of Vue, so those reads are tracked here. Reads after an `await` are not tracked;
 * pass such state through `source`. Unsubscribes when the scope is disposed.
 */
export function useLiveQuery<T, S = undefined>(
  query: (input: S) => Promise<T> | T,
  source?: WatchSource<S>,
): UseLiveQueryReturn<T> {
  const data = shallowRef<T>()
  const error = shallowRef<unknown>()
  const loading = shallowRef(true)
  let subscription: Subscription | undefined
  let input = undefined as S

  // Each run of the query runs inside this effect, so Vue records the reactive state it
  // reads, afresh on every run. Vue calls the scheduler in the middle of its update: the new
  // subscription waits for the next tick, and only if a value read really changed (a getter
  // recomputed to the same value, as the role does on every session refresh, is no change).
  const tracker = new ReactiveEffect(() => query(input))
  let pending = false
  let stopped = false
  tracker.scheduler = () => {
    if (pending) return
    pending = true
    void nextTick(() => {
      pending = false
      if (!stopped && tracker.dirty) subscribe(input)
    })
  }

  function subscribe(next: S) {
    subscription?.unsubscribe()
    input = next
    loading.value = true
    subscription = liveQuery(() => tracker.run()).subscribe({
      next: (value) => {
        data.value = value
        error.value = undefined
        loading.value = false
      },
      error: (err: unknown) => {
        error.value = err
        loading.value = false
      },
    })
  }

  if (source) watch(source, subscribe, { immediate: true })
  else subscribe(undefined as S)

  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopped = true
      tracker.stop()
      subscription?.unsubscribe()
    })
  }
  return { data, error, loading }
}
