/**
 * Turns a photo chosen on the device into what the shop stores: a WebP (or PNG where WebP
 * cannot be encoded) no larger than 512 px on its longest side. Decoding happens off the
 * main thread (createImageBitmap) and drawing on an OffscreenCanvas where there is one.
 * Loaded only when the owner picks a photo, so shoppers never download it.
 */
import { ValidationError } from '../domain/errors'

export const MAX_IMAGE_SIDE = 512
/** Bigger files are refused before decoding: a phone photo is well under this. */
export const MAX_IMAGE_BYTES = 25 * 1024 * 1024
export const ACCEPTED_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']

export interface ResizedImage {
  blob: Blob
  width: number
  height: number
}

/** The size that fits `width` × `height` inside `max` × `max`, never enlarging. */
export function fitWithin(width: number, height: number, max = MAX_IMAGE_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

export async function resizeImage(file: Blob, max = MAX_IMAGE_SIDE): Promise<ResizedImage> {
  if (!ACCEPTED_IMAGE_TYPES.includes(file.type)) {
    throw new ValidationError('image', 'Choose a JPEG, PNG, WebP, GIF or AVIF picture.')
  }
  if (file.size > MAX_IMAGE_BYTES) throw new ValidationError('image', 'That picture is larger than 25 MB. Choose a smaller one.')
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file)
  } catch {
    throw new ValidationError('image', 'That file could not be read as a picture. Choose another.')
  }
  try {
    const { width, height } = fitWithin(bitmap.width, bitmap.height, max)
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height)
      const context = canvas.getContext('2d')
      if (!context) throw new Error('No 2D canvas')
      context.imageSmoothingQuality = 'high'
      context.drawImage(bitmap, 0, 0, width, height)
      return { blob: await canvas.convertToBlob({ type: 'image/webp', quality: 0.85 }), width, height }
    }
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    const context = canvas.getContext('2d')
    if (!context) throw new Error('No 2D canvas')
    context.imageSmoothingQuality = 'high'
    context.drawImage(bitmap, 0, 0, width, height)
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/webp', 0.85))
    if (!blob) throw new Error('The canvas gave no picture')
    return { blob, width, height }
  } finally {
    bitmap.close()
  }
}
