import { markRaw, shallowRef, watch, type Component, type ShallowRef, type WatchSource } from 'vue'

/**
 * A component loaded with import() the first time `when` is true, for `<component :is>`:
 * undefined until then. Lighter on the first page than defineAsyncComponent (which would put
 * Vue's async-component runtime there) for parts only some devices show, such as sync's.
 */
export function useLazyComponent(when: WatchSource<boolean>, load: () => Promise<{ default: Component }>): ShallowRef<Component | undefined> {
  const component = shallowRef<Component>()
  let loading = false
  watch(
    when,
    (on) => {
      if (!on || loading) return
      loading = true
      void load().then((m) => (component.value = markRaw(m.default)))
    },
    { immediate: true },
  )
  return component
}
