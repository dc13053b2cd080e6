import { shallowRef, type Ref, type ShallowRef } from 'vue'
import { emptyErrors, placeErrors, toFormErrors, type FormErrors, type Outcome } from '../stores/errors'

/** A refusal as useAction reports it: also what an action that threw becomes. */
export type Failure = { ok: false; errors: FormErrors }

/** What a successful outcome carries. */
type ValueOf<O> = Extract<O, { ok: true }> extends { value: infer T } ? T : never

export interface UseActionOptions<Args extends unknown[], O extends Outcome<unknown>> {
  /** The message for the status line when the action worked: fixed, or made from its value and arguments. */
  done?: string | ((value: ValueOf<O>, ...args: Args) => string)
  /** Where the done message goes, when several actions (or the page) share one status line. */
  doneRef?: Ref<string>
  /**
   * The fields this form shows next to their inputs: any other message joins `errors.form`
   * (see placeErrors). Leave out to keep every field's message by its field; `[]` for one message.
   */
  fields?: readonly string[]
  /**
   * A second run while one is under way waits its turn instead of being ignored: for inputs
   * whose every change must count (a file chosen again, a cart line changed then removed).
   */
  queue?: boolean
}

export interface UseActionReturn<Args extends unknown[], O extends Outcome<unknown>> {
  /** True from the moment `run` is called until its outcome (and any queued one) is in. */
  busy: Readonly<ShallowRef<boolean>>
  /** The last run's messages: by field and for the form; empty while a run is under way. */
  errors: Readonly<ShallowRef<FormErrors>>
  /** The last run's done message; '' until it worked. */
  done: Readonly<Ref<string>>
  /**
   * Runs the action and resolves to its outcome once the refs above show it: undefined when
   * the call was ignored (another run was under way, or the store itself ignored it).
   */
  run: (...args: Args) => Promise<O | Failure | undefined>
  /** Clears the errors and the done message (a person started over). */
  reset: () => void
}

/**
 * One way to run a store action from a form or a button: a busy flag for the whole run, the
 * outcome turned into messages by field and for the form, and a done message for the status
 * line. Each run clears the last one's messages first, so a refusal given twice is announced
 * twice (its role="alert" comes back). A second run while one is under way is ignored, as a
 * second press of a disabled button would be, unless `queue` is set. An action that throws
 * instead of returning an outcome is reported like a refusal, and `busy` never sticks.
 *
 * ```ts
 * const { busy, errors, done, run } = useAction((input: Input) => store.save(input), { done: 'Saved.' })
 * ```
 */
export function useAction<Args extends unknown[], O extends Outcome<unknown>>(
  action: (...args: Args) => Promise<O | undefined>,
  options: UseActionOptions<Args, O> = {},
): UseActionReturn<Args, O> {
  const busy = shallowRef(false)
  const errors = shallowRef<FormErrors>(emptyErrors())
  const done = options.doneRef ?? shallowRef('')
  let pending = 0
  let last: Promise<unknown> = Promise.resolve()

  function reset() {
    errors.value = emptyErrors()
    done.value = ''
  }

  async function execute(args: Args): Promise<O | Failure | undefined> {
    reset()
    let outcome: O | Failure | undefined
    try {
      outcome = await action(...args)
    } catch (err) {
      outcome = { ok: false, errors: toFormErrors(err) }
    }
    if (!outcome) return undefined
    if (outcome.ok) {
      const message = options.done
      done.value = typeof message === 'function' ? message(outcome.value as ValueOf<O>, ...args) : (message ?? '')
    } else {
      errors.value = options.fields ? placeErrors(outcome.errors, options.fields) : outcome.errors
    }
    return outcome
  }

  function run(...args: Args): Promise<O | Failure | undefined> {
    if (pending > 0 && !options.queue) return Promise.resolve(undefined)
    pending += 1
    busy.value = true
    // The first run starts at once (its messages clear in this tick); a queued one after the last.
    const started = pending === 1 ? execute(args) : last.then(() => execute(args))
    const finished = started.finally(() => {
      pending -= 1
      if (pending === 0) busy.value = false
    })
    last = finished.catch(() => undefined)
    return finished
  }

  return { busy, errors, done, run, reset }
}
