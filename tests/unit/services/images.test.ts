import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../../src/domain/errors'
import { fitWithin, resizeImage } from '../../../src/services/images'
import { rejection } from '../support'

describe('fitWithin', () => {
  it.each([
    [1200, 900, 512, 384],
    [900, 1200, 384, 512],
    [4000, 10, 512, 1],
    [512, 512, 512, 512],
    [300, 200, 300, 200], // never enlarged
    [1, 1, 1, 1],
  ])('%d × %d fits as %d × %d', (w, h, width, height) => {
    expect(fitWithin(w, h)).toEqual({ width, height })
  })
})

describe('resizeImage refuses before decoding', () => {
  it.each([
    [new Blob(['x'], { type: 'text/plain' }), 'Choose a JPEG, PNG, WebP, GIF or AVIF picture.'],
    [new Blob(['<svg/>'], { type: 'image/svg+xml' }), 'Choose a JPEG, PNG, WebP, GIF or AVIF picture.'],
    [new Blob([new Uint8Array(25 * 1024 * 1024 + 1)], { type: 'image/png' }), 'That picture is larger than 25 MB. Choose a smaller one.'],
  ])('%o', async (file, message) => {
    const err = await rejection(resizeImage(file))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'image', message })
  })
})
