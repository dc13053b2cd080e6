import { cleanup, render, within } from '@testing-library/vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { h, nextTick } from 'vue'
import BaseVirtualList from '../../src/components/base/BaseVirtualList.vue'

/** Renders a list of `count` items; queries go through the returned `list` so two lists never mix. */
function list(count: number, props: Record<string, unknown> = {}) {
  const items = Array.from({ length: count }, (_, i) => ({ id: i + 1, name: `Item ${i + 1}` }))
  const result = render(BaseVirtualList, {
    props: { items, itemKey: (item: unknown) => (item as { id: number }).id, label: 'Products', rowHeight: 100, ...props },
    slots: { default: ({ item }: { item: unknown }) => h('a', { href: '#' }, (item as { name: string }).name) },
  })
  const scope = within(result.container as HTMLElement)
  return { ...result, list: () => scope.getByRole('list', { name: 'Products' }), rows: () => scope.queryAllByRole('listitem') }
}

afterEach(() => {
  // Unmounted while the stubbed idle callbacks are still there: the list cancels its own.
  cleanup()
  vi.unstubAllGlobals()
})

describe('BaseVirtualList', () => {
  it('first builds the rows in view and one more, and the rest of its overscan when the page is idle', async () => {
    const idle: (() => void)[] = []
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => idle.push(callback))
    vi.stubGlobal('cancelIdleCallback', () => undefined)
    const { rows } = list(100)
    await nextTick()
    const first = rows().length
    expect(idle.length).toBeGreaterThan(0)
    idle.forEach((run) => run())
    await nextTick()
    // Overscan 4 rather than 1: three more rows of one column.
    expect(rows()).toHaveLength(first + 3)
  })

  it('renders as many rows for 100,000 items as for 100: the DOM does not grow with the list', () => {
    const small = list(100)
    const large = list(100_000)
    const rendered = small.rows().length
    expect(rendered).toBeGreaterThan(5)
    expect(rendered).toBeLessThan(30)
    expect(large.rows()).toHaveLength(rendered)
    expect(large.container.innerHTML.length).toBeLessThan(small.container.innerHTML.length * 1.1)
  })

  it('is a named list whose items say where they are in the whole', () => {
    const { list: named, rows } = list(1_000, { setSize: -1 })
    expect(named()).toHaveAttribute('aria-label', 'Products')
    expect(named().style.height).toBe('99988px') // 1,000 rows of 100 px, less the last gap
    const [first] = rows()
    expect(first).toHaveAttribute('aria-posinset', '1')
    expect(first).toHaveAttribute('aria-setsize', '-1')
    expect(within(first as HTMLElement).getByRole('link', { name: 'Item 1' })).toBeInTheDocument()
  })

  it('tells its owner how far it renders, so more can be read before the end', () => {
    const { emitted } = list(10)
    expect(emitted('rendered')?.[0]).toEqual([10])
  })

  it('places items in columns when the list is wide enough', async () => {
    const { rows } = list(6, { minColumnWidth: 300 })
    // happy-dom lays nothing out: the width is 0, so one column.
    expect(rows().map((li) => li.getAttribute('style'))).toContain('top: 500px; height: 88px; left: calc((100% + 12px) * 0); width: calc((100% + 12px) / 1 - 12px);')
  })
})
