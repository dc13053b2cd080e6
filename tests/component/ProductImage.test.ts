import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import ProductImage from '../../src/components/product/ProductImage.vue'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('ProductImage', () => {
  it('shows a photo through an object URL and revokes it when the photo changes and when it is no longer shown', async () => {
    let next = 0
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation(() => `blob:photo-${++next}`)
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const product = { name: 'Heritage Teapot', category: 'Kitchen', image: new Blob(['a'], { type: 'image/webp' }) }
    const wrapper = mount(ProductImage, { props: { product, alt: 'Heritage Teapot', width: 96, height: 96 } })
    expect(wrapper.get('img').attributes('src')).toBe('blob:photo-1')
    expect(wrapper.get('img').attributes('alt')).toBe('Heritage Teapot')

    await wrapper.setProps({ product: { ...product, image: new Blob(['b'], { type: 'image/webp' }) } })
    expect(revoke).toHaveBeenCalledWith('blob:photo-1')
    expect(wrapper.get('img').attributes('src')).toBe('blob:photo-2')

    wrapper.unmount()
    expect(revoke).toHaveBeenCalledWith('blob:photo-2')
    expect(create).toHaveBeenCalledTimes(2)
  })

  it('draws the generated picture when there is no photo, with no object URL at all', () => {
    const create = vi.spyOn(URL, 'createObjectURL')
    const wrapper = mount(ProductImage, { props: { product: { name: 'Glass Teapot', category: 'Kitchen' }, width: 96, height: 96 } })
    expect(wrapper.get('img').attributes('src')).toMatch(/^data:image\/svg\+xml/)
    expect(wrapper.get('img').attributes('alt')).toBe('')
    expect(create).not.toHaveBeenCalled()
    wrapper.unmount()
  })
})
