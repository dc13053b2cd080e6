import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { h, nextTick } from 'vue'
import BaseVirtualList from '../../src/components/base/BaseVirtualList.vue'

function list(count: number, props: Record<string, unknown> = {}) {
  const items = Array.from({ length: count }, (_, i) => ({ id: i + 1, name: `Item ${i + 1}` }))
  return mount(BaseVirtualList, {
    props: { items, itemKey: (item: unknown) => (item as { id: number }).id, label: 'Products', rowHeight: 100, ...props },
    slots: { default: ({ item }: { item: unknown }) => h('a', { href: '#' }, (item as { name: string }).name) },
    attachTo: document.body,
  })
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('BaseVirtualList', () => {
  it('first builds the rows in view and one more, and the rest of its overscan when the page is idle', async () => {
    const idle: (() => void)[] = []
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => idle.push(callback))
    vi.stubGlobal('cancelIdleCallback', () => undefined)
    const wrapper = list(100)
    await nextTick()
    const first = wrapper.findAll('li').length
    expect(idle.length).toBeGreaterThan(0)
    idle.forEach((run) => run())
    await nextTick()
    // Overscan 4 rather than 1: three more rows of one column.
    expect(wrapper.findAll('li')).toHaveLength(first + 3)
    wrapper.unmount()
  })

  it('renders as many rows for 100,000 items as for 100: the DOM does not grow with the list', () => {
    const small = list(100)
    const large = list(100_000)
    const rendered = small.findAll('li').length
    expect(rendered).toBeGreaterThan(5)
    expect(rendered).toBeLessThan(30)
    expect(large.findAll('li')).toHaveLength(rendered)
    expect(large.html().length).toBeLessThan(small.html().length * 1.1)
    small.unmount()
    large.unmount()
  })

  it('is a named list whose items say where they are in the whole', () => {
    const wrapper = list(1_000, { setSize: -1 })
    const ul = wrapper.get('ul')
    expect(ul.attributes('aria-label')).toBe('Products')
    expect(ul.attributes('style')).toContain('height: 99988px') // 1,000 rows of 100 px, less the last gap
    const first = wrapper.findAll('li')[0]
    expect(first?.attributes('aria-posinset')).toBe('1')
    expect(first?.attributes('aria-setsize')).toBe('-1')
    expect(first?.get('a').text()).toBe('Item 1')
    wrapper.unmount()
  })

  it('tells its owner how far it renders, so more can be read before the end', () => {
    const wrapper = list(10)
    expect(wrapper.emitted('rendered')?.[0]).toEqual([10])
    wrapper.unmount()
  })

  it('places items in columns when the list is wide enough', async () => {
    const wrapper = list(6, { minColumnWidth: 300 })
    // happy-dom lays nothing out: the width is 0, so one column.
    expect(wrapper.findAll('li').map((li) => li.attributes('style'))).toContain('top: 500px; height: 88px; left: calc((100% + 12px) * 0); width: calc((100% + 12px) / 1 - 12px);')
    wrapper.unmount()
  })
})
