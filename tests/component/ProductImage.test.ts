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

  it('draws the generated picture with HTML, not an image, hidden as decoration when alt is empty, with no object URL at all', () => {
    const create = vi.spyOn(URL, 'createObjectURL')
    const wrapper = mount(ProductImage, {
      props: { product: { name: 'Glass Teapot', category: 'Kitchen' }, width: 96, height: 72 },
      attrs: { class: 'cart-line__image' },
    })
    expect(wrapper.find('img').exists()).toBe(false)
    const art = wrapper.get('span')
    // The parent's class, which sizes the box, lands on the drawing as it did on the <img>.
    expect(art.classes()).toEqual(['product-art', 'cart-line__image'])
    expect(art.get('.product-art__initials').text()).toBe('GT')
    expect(art.get('.product-art__category').text()).toBe('Kitchen')
    expect(art.element.style.backgroundColor).toBe('#35618f')
    expect(art.element.style.getPropertyValue('--art-width')).toBe('96px')
    expect(art.element.style.getPropertyValue('--art-ratio')).toBe('96 / 72')
    expect(art.attributes('aria-hidden')).toBe('true')
    expect(art.attributes('role')).toBeUndefined()
    expect(art.attributes('aria-label')).toBeUndefined()
    expect(create).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('names the generated picture by its alt text, as an image, and hides the letters inside it', () => {
    const wrapper = mount(ProductImage, { props: { product: { name: 'Glass Teapot', category: 'Kitchen' }, alt: 'Glass Teapot', width: 512, height: 512 } })
    const art = wrapper.get('span')
    expect(art.attributes('role')).toBe('img')
    expect(art.attributes('aria-label')).toBe('Glass Teapot')
    expect(art.attributes('aria-hidden')).toBeUndefined()
    expect(art.findAll('[aria-hidden="true"]').map((s) => s.text())).toEqual(['GT', 'Kitchen'])
  })

  it('turns to the photo when one is given, and back to the drawing when it is removed', async () => {
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:photo-1')
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const product = { name: 'Glass Teapot', category: 'Kitchen' }
    const wrapper = mount(ProductImage, { props: { product, width: 128, height: 128 } })
    expect(wrapper.find('img').exists()).toBe(false)

    await wrapper.setProps({ product: { ...product, image: new Blob(['a'], { type: 'image/webp' }) } })
    expect(wrapper.get('img').attributes('src')).toBe('blob:photo-1')
    expect(wrapper.find('.product-art').exists()).toBe(false)

    await wrapper.setProps({ product })
    expect(revoke).toHaveBeenCalledWith('blob:photo-1')
    expect(wrapper.find('img').exists()).toBe(false)
    expect(wrapper.get('.product-art__initials').text()).toBe('GT')
  })
})
