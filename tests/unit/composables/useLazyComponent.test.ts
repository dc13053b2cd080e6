import { describe, expect, it, vi } from 'vitest'
import { defineComponent, effectScope, nextTick, shallowRef } from 'vue'
import { useLazyComponent } from '../../../src/composables/useLazyComponent'

const Part = defineComponent({ name: 'SyncPart', render: () => null })
const flush = () => new Promise((r) => setTimeout(r, 0))

describe('useLazyComponent', () => {
  it('loads at once when the condition already holds', async () => {
    const load = vi.fn(async () => ({ default: Part }))
    const scope = effectScope()
    const component = scope.run(() => useLazyComponent(() => true, load))!
    await flush()
    expect(component.value).toBe(Part)
    expect(load).toHaveBeenCalledTimes(1)
    scope.stop()
  })

  it('loads nothing until the condition holds, then once however often it changes', async () => {
    const on = shallowRef(false)
    const load = vi.fn(async () => ({ default: Part }))
    const scope = effectScope()
    const component = scope.run(() => useLazyComponent(on, load))!
    await flush()
    expect(load).not.toHaveBeenCalled()
    expect(component.value).toBeUndefined()
    on.value = true
    await nextTick()
    on.value = false
    await nextTick()
    on.value = true
    await flush()
    expect(load).toHaveBeenCalledTimes(1)
    expect(component.value).toBe(Part)
    scope.stop()
  })
})
