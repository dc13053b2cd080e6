import { liveQuery, type Subscription } from 'dexie'
import { getCurrentScope, onScopeDispose, shallowRef, watch, type ShallowRef, type WatchSource } from 'vue'

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
 * tab or another — and whenever `source` changes. Unsubscribes when the scope is disposed.
 */
export function useLiveQuery<T, S = undefined>(
  query: (input: S) => Promise<T> | T,
  source?: WatchSource<S>,
): UseLiveQueryReturn<T> {
  const data = shallowRef<T>()
  const error = shallowRef<unknown>()
  const loading = shallowRef(true)
  let subscription: Subscription | undefined

  function subscribe(input: S) {
    subscription?.unsubscribe()
    loading.value = true
    subscription = liveQuery(() => query(input)).subscribe({
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

  if (getCurrentScope()) onScopeDispose(() => subscription?.unsubscribe())
  return { data, error, loading }
}
