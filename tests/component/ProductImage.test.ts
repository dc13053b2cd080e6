import { render, screen, within } from '@testing-library/vue'
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
    const { rerender, unmount } = render(ProductImage, { props: { product, alt: 'Heritage Teapot', width: 96, height: 96 } })
    expect(screen.getByRole('img', { name: 'Heritage Teapot' })).toHaveAttribute('src', 'blob:photo-1')

    await rerender({ product: { ...product, image: new Blob(['b'], { type: 'image/webp' }) } })
    expect(revoke).toHaveBeenCalledWith('blob:photo-1')
    expect(screen.getByRole('img', { name: 'Heritage Teapot' })).toHaveAttribute('src', 'blob:photo-2')

    unmount()
    expect(revoke).toHaveBeenCalledWith('blob:photo-2')
    expect(create).toHaveBeenCalledTimes(2)
  })

  it('draws the generated picture with HTML, not an image, hidden as decoration when alt is empty, with no object URL at all', () => {
    const create = vi.spyOn(URL, 'createObjectURL')
    const { container } = render(ProductImage, {
      props: { product: { name: 'Glass Teapot', category: 'Kitchen' }, width: 96, height: 72 },
      attrs: { class: 'cart-line__image' },
    })
    // Not an <img> element at all, and nothing a screen reader would announce.
    expect(container.querySelector('img')).toBeNull()
    expect(screen.queryAllByRole('img', { hidden: true })).toEqual([])
    const art = container.firstElementChild as HTMLElement
    // The parent's class, which sizes the box, lands on the drawing as it did on the <img>.
    expect(art).toHaveClass('product-art cart-line__image', { exact: true })
    expect(within(art).getByText('GT')).toHaveClass('product-art__initials')
    expect(within(art).getByText('Kitchen')).toHaveClass('product-art__category')
    expect(art.style.backgroundColor).toBe('#35618f')
    expect(art.style.getPropertyValue('--art-width')).toBe('96px')
    expect(art.style.getPropertyValue('--art-ratio')).toBe('96 / 72')
    expect(art).toHaveAttribute('aria-hidden', 'true')
    expect(art).not.toHaveAttribute('role')
    expect(art).not.toHaveAttribute('aria-label')
    expect(create).not.toHaveBeenCalled()
  })

  it('names the generated picture by its alt text, as an image, and hides the letters inside it', () => {
    render(ProductImage, { props: { product: { name: 'Glass Teapot', category: 'Kitchen' }, alt: 'Glass Teapot', width: 512, height: 512 } })
    const art = screen.getByRole('img', { name: 'Glass Teapot' })
    expect(art.tagName).toBe('SPAN')
    expect(art).toHaveAttribute('aria-label', 'Glass Teapot')
    expect(art).not.toHaveAttribute('aria-hidden')
    expect(within(art).getByText('GT')).toHaveAttribute('aria-hidden', 'true')
    expect(within(art).getByText('Kitchen')).toHaveAttribute('aria-hidden', 'true')
    expect(art).toHaveTextContent(/^GTKitchen$/)
  })

  it('turns to the photo when one is given, and back to the drawing when it is removed', async () => {
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:photo-1')
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const product = { name: 'Glass Teapot', category: 'Kitchen' }
    const { container, rerender } = render(ProductImage, { props: { product, width: 128, height: 128 } })
    expect(container.querySelector('img')).toBeNull()

    await rerender({ product: { ...product, image: new Blob(['a'], { type: 'image/webp' }) } })
    // With no alt the photo is decoration (alt=""), which has no img role: found as an element.
    const photo = container.querySelector('img')
    expect(photo).toHaveAttribute('src', 'blob:photo-1')
    expect(photo).toHaveAttribute('alt', '')
    expect(screen.queryByText('GT')).not.toBeInTheDocument()

    await rerender({ product })
    expect(revoke).toHaveBeenCalledWith('blob:photo-1')
    expect(container.querySelector('img')).toBeNull()
    expect(screen.getByText('GT')).toHaveClass('product-art__initials')
  })

  it('shows a shipped demo picture as a sized, lazily decoded <img> from the app, named by alt, with no object URL', () => {
    const create = vi.spyOn(URL, 'createObjectURL')
    render(ProductImage, {
      props: { product: { name: 'Glass Teapot', category: 'Kitchen', picture: 'demo/glass-teapot.svg' }, alt: 'Glass Teapot', width: 512, height: 512 },
    })
    const picture = screen.getByRole('img', { name: 'Glass Teapot' })
    expect(picture.tagName).toBe('IMG')
    expect(picture).toHaveAttribute('src', '/demo/glass-teapot.svg')
    // Sized before it loads (no layout shift), decoded off the critical path, eager by default (the product page's).
    expect(picture).toHaveAttribute('width', '512')
    expect(picture).toHaveAttribute('height', '512')
    expect(picture).toHaveAttribute('decoding', 'async')
    expect(picture).not.toHaveAttribute('loading')
    expect(picture).toHaveClass('product-picture')
    expect(screen.queryByText('GT')).not.toBeInTheDocument()
    expect(create).not.toHaveBeenCalled()
  })

  it('a demo picture next to the product name is decoration (alt=""), lazy when asked, sized by the parent class', () => {
    const { container } = render(ProductImage, {
      props: { product: { name: 'Glass Teapot', category: 'Kitchen', picture: 'demo/glass-teapot.svg' }, width: 96, height: 96, lazy: true },
      attrs: { class: 'product-card__image' },
    })
    // alt="" marks it as decoration for screen readers: the card's link says the name already.
    const picture = container.querySelector('img')
    expect(picture).toHaveAttribute('alt', '')
    expect(picture).toHaveAttribute('loading', 'lazy')
    expect(picture).toHaveClass('product-picture product-card__image', { exact: true })
  })

  it('an owner’s photo wins over the demo picture', () => {
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:photo-1')
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const product = { name: 'Glass Teapot', category: 'Kitchen', picture: 'demo/glass-teapot.svg', image: new Blob(['a'], { type: 'image/webp' }) }
    render(ProductImage, { props: { product, alt: 'Glass Teapot', width: 96, height: 96 } })
    expect(screen.getByRole('img', { name: 'Glass Teapot' })).toHaveAttribute('src', 'blob:photo-1')
  })

  it.each([['https://tracker.example/pixel.svg'], ['//tracker.example/a.svg'], ['demo/../sw.js']])(
    'a picture path the app does not ship (%s) is never fetched: the drawing instead',
    (picture) => {
      const { container } = render(ProductImage, { props: { product: { name: 'Glass Teapot', category: 'Kitchen', picture }, width: 96, height: 96 } })
      expect(container.querySelector('img')).toBeNull()
      expect(screen.getByText('GT')).toHaveClass('product-art__initials')
    },
  )
})
