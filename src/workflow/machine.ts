// A small, explicit state machine: each transition names the states it leaves from, the state it
// enters and the policy check that must pass. `assertTransition` is called by services inside the
// transaction that applies the change.
import { ConflictError, ForbiddenError } from '../platform/errors.js';
import type { Actor } from '../platform/access/actor.js';

export interface Transition<S extends string, F> {
  from: readonly S[];
  to: S;
  /** Who may take it, given the record's access facts. */
  allowed(actor: Actor, facts: F): boolean;
  /** What the timeline says happened. */
  describe: string;
}

export type TransitionTable<S extends string, F> = Record<string, Transition<S, F>>;

export function assertTransition<S extends string, F>(
  table: TransitionTable<S, F>,
  name: keyof typeof table & string,
  state: S,
  actor: Actor,
  facts: F,
  what = 'referral',
): Transition<S, F> {
  const t = table[name];
  if (!t) throw new Error(`unknown transition ${name}`);
  if (!t.allowed(actor, facts)) throw new ForbiddenError();
  if (!t.from.includes(state)) {
    throw new ConflictError(`This ${what} cannot be ${t.describe.toLowerCase()} because it is ${state.replace(/_/g, ' ')}.`, 'illegal-transition');
  }
  return t;
}
