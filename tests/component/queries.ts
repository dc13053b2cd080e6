/**
 * A few ways to read a page that Testing Library has no single query for. Each finds things
 * by role through Testing Library (so the accessible tree decides, not CSS), then reads text.
 */
import { screen, within } from '@testing-library/vue'

type Scope = Pick<typeof screen, 'getAllByRole' | 'queryAllByRole'>

/** The text a person reads in an element, whitespace collapsed as a screen shows it. */
export function textOf(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim()
}

/** Every alert's text, in page order ([] when there is none). */
export function alertTexts(scope: Scope = screen): string[] {
  return scope.queryAllByRole('alert').map(textOf)
}

/** Every status region's text joined, as a screen reader would have announced them ('' when all are empty). */
export function statusText(scope: Scope = screen): string {
  return scope
    .queryAllByRole('status')
    .map(textOf)
    .filter((text) => text !== '')
    .join(' ')
}

/**
 * The definition next to a term of a description list (<dt>Total</dt><dd>$5.00</dd>): a
 * term's accessible name comes from its author only, so it is found by its text.
 */
export function definitionOf(term: string, scope: Scope = screen): string {
  const terms = scope.getAllByRole('term').filter((t) => textOf(t) === term)
  if (terms.length !== 1) throw new Error(`Expected one term "${term}", found ${terms.length}`)
  const definition = terms[0]?.nextElementSibling
  if (!definition || !scope.getAllByRole('definition').includes(definition as HTMLElement)) {
    throw new Error(`Term "${term}" has no definition`)
  }
  return textOf(definition)
}

/** The list item (a cart line, say) whose heading is `name`, to look inside it with `within`. */
export function listItemWithHeading(name: string, scope: Scope = screen): HTMLElement {
  const items = scope.getAllByRole('listitem').filter((li) => within(li).queryAllByRole('heading', { name }).length > 0)
  if (items.length !== 1) throw new Error(`Expected one list item with the heading "${name}", found ${items.length}`)
  return items[0] as HTMLElement
}
