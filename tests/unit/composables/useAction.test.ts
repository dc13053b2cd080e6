import { afterEach, describe, expect, it, vi } from 'vitest'
import { shallowRef } from 'vue'
import { useAction } from '../../../src/composables/useAction'
import { DomainError, FormValidationError, ValidationError } from '../../../src/domain/errors'
import { attempt, placeErrors, type Outcome } from '../../../src/stores/errors'

/** A promise the test settles by hand, to look at the refs while the action is under way. */
function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value })
const refused = (fields: Record<string, string>, form = ''): Outcome<never> => ({ ok: false, errors: { fields, form } })

afterEach(() => vi.restoreAllMocks())

describe('useAction', () => {
  it('is busy from the call until the outcome is in, and not after', async () => {
    const gate = deferred<Outcome<number>>()
    const { busy, run } = useAction(() => gate.promise)
    expect(busy.value).toBe(false)
    const running = run()
    expect(busy.value).toBe(true)
    await Promise.resolve()
    expect(busy.value).toBe(true)
    gate.resolve(ok(1))
    await expect(running).resolves.toEqual(ok(1))
    expect(busy.value).toBe(false)
  })

  it('puts a field refusal by its field and a form refusal on the form', async () => {
    const { errors, run } = useAction((which: 'field' | 'form') =>
      attempt(() => {
        throw which === 'field' ? new ValidationError('quantity', 'Enter a quantity.') : new DomainError('Only 2 left.')
      }),
    )
    await run('field')
    expect(errors.value).toEqual({ fields: { quantity: 'Enter a quantity.' }, form: '' })
    await run('form')
    expect(errors.value).toEqual({ fields: {}, form: 'Only 2 left.' })
  })

  it('shows the done message with the value and arguments, and no errors, when it worked', async () => {
    const { errors, done, run } = useAction(async (_name: string) => ok(3), { done: (stock, name) => `${name}: ${stock} left.` })
    await run('Mug')
    expect(done.value).toBe('Mug: 3 left.')
    expect(errors.value).toEqual({ fields: {}, form: '' })
  })

  it('clears the last messages as soon as the next run starts', async () => {
    const gate = deferred<Outcome<number>>()
    const outcomes = [Promise.resolve(ok(1)), Promise.resolve(refused({ name: 'Enter a name.' })), gate.promise]
    const { errors, done, run } = useAction(() => outcomes.shift()!, { done: 'Saved.' })
    await run()
    expect(done.value).toBe('Saved.')
    await run()
    expect(done.value).toBe('')
    expect(errors.value.fields).toEqual({ name: 'Enter a name.' })
    const third = run()
    // While the third run is under way, neither the old refusal nor an old done message shows.
    expect(errors.value).toEqual({ fields: {}, form: '' })
    expect(done.value).toBe('')
    gate.resolve(ok(2))
    await third
    expect(done.value).toBe('Saved.')
  })

  it('ignores a second run while the first is under way', async () => {
    const gate = deferred<Outcome<string>>()
    const action = vi.fn(() => gate.promise)
    const { busy, run } = useAction(action)
    const first = run()
    await expect(run()).resolves.toBeUndefined()
    expect(action).toHaveBeenCalledTimes(1)
    expect(busy.value).toBe(true)
    gate.resolve(ok('first'))
    await expect(first).resolves.toEqual(ok('first'))
    // Once the first is done, a run goes through again.
    await run()
    expect(action).toHaveBeenCalledTimes(2)
  })

  it('with queue, runs a second call after the first, each with its own messages, busy until both are done', async () => {
    const gates = [deferred<Outcome<string>>(), deferred<Outcome<string>>()]
    const calls: string[] = []
    const { busy, errors, done, run } = useAction(
      (what: string) => {
        calls.push(what)
        return gates[calls.length - 1]!.promise
      },
      { queue: true, done: (v) => v },
    )
    const first = run('a')
    const second = run('b')
    expect(calls).toEqual(['a'])
    gates[0]!.resolve(refused({}, 'A was refused.'))
    await first
    expect(busy.value).toBe(true)
    await vi.waitFor(() => expect(calls).toEqual(['a', 'b']))
    expect(errors.value.form).toBe('')
    gates[1]!.resolve(ok('B done.'))
    await second
    expect(done.value).toBe('B done.')
    expect(busy.value).toBe(false)
  })

  it('with fields, keeps the named fields by their inputs and joins the rest into the form message', async () => {
    const { errors, run } = useAction(() => attempt(() => {
      throw new FormValidationError({ cardNumber: 'Enter the card number.', payment: 'Declined.' })
    }), { fields: ['cardNumber'] })
    await run()
    expect(errors.value).toEqual({ fields: { cardNumber: 'Enter the card number.' }, form: 'Declined.' })
  })

  it('with no fields, makes one message of everything', async () => {
    const { errors, run } = useAction(async () => refused({ note: 'Too long.' }), { fields: [] })
    await run()
    expect(errors.value).toEqual({ fields: {}, form: 'Too long.' })
  })

  it('reports an action that throws like a refusal, and is not left busy', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { busy, errors, run } = useAction(async (): Promise<Outcome<void>> => {
      throw new Error('disk on fire')
    })
    const outcome = await run()
    expect(outcome?.ok).toBe(false)
    expect(errors.value.form).toBe('Something went wrong. Nothing was changed; please try again.')
    expect(busy.value).toBe(false)
  })

  it('sets nothing when the store ignored the call (undefined outcome)', async () => {
    const { errors, done, run } = useAction(async () => undefined as Outcome<number> | undefined, { done: 'Paid.' })
    await expect(run()).resolves.toBeUndefined()
    expect(done.value).toBe('')
    expect(errors.value).toEqual({ fields: {}, form: '' })
  })

  it('writes the done message into a shared ref, which the next run of any sharer clears', async () => {
    const status = shallowRef('')
    const restock = useAction(async () => ok(5), { doneRef: status, done: 'Restocked.' })
    const adjust = useAction(async () => refused({ level: 'Nothing to adjust.' }), { doneRef: status, done: 'Adjusted.' })
    await restock.run()
    expect(status.value).toBe('Restocked.')
    await adjust.run()
    expect(status.value).toBe('')
    expect(restock.errors.value.fields).toEqual({})
    expect(adjust.errors.value.fields).toEqual({ level: 'Nothing to adjust.' })
  })

  it('reset clears the errors and the done message', async () => {
    const { errors, reset, run } = useAction(async () => refused({}, 'No.'))
    await run()
    expect(errors.value.form).toBe('No.')
    reset()
    expect(errors.value.form).toBe('')
  })
})

describe('placeErrors', () => {
  it.each([
    ['a shown field stays by it', { fields: { quantity: 'Too many.' }, form: '' }, ['quantity'], { fields: { quantity: 'Too many.' }, form: '' }],
    ['an unshown field joins the form', { fields: { cart: 'Your cart is empty.' }, form: '' }, ['cardNumber'], { fields: {}, form: 'Your cart is empty.' }],
    ['the form message comes first', { fields: { note: 'Too long.' }, form: 'Not allowed.' }, [], { fields: {}, form: 'Not allowed. Too long.' }],
    ['nothing stays nothing', { fields: {}, form: '' }, [], { fields: {}, form: '' }],
  ])('%s', (_name, errors, shown, expected) => {
    expect(placeErrors(errors, shown)).toEqual(expected)
  })
})
