import { vi, type Mock } from 'vitest';

type Method<R, K extends keyof R> = R[K] extends (...args: infer A) => infer T ? (...args: A) => T : never;
type Viewable = { forTurn(signal: AbortSignal): unknown };

/** The mocks each repository's turn views get, by method; a repository is wrapped while it has any. */
const spied = new WeakMap<Viewable, Map<string, unknown>>();

/**
 * Spies on a repository method as the bot's turns call it. A turn works on the view `forTurn`
 * hands out (its tables bound to the turn's storage deadline), not on the repository the app
 * holds, so a spy on the latter would see only follow-ups and sweeps. Every view gets the same
 * mock, which runs the view's own method unless told otherwise; mockRestore() undoes it. Several
 * methods of one repository may be spied at once and restored in any order.
 */
export function spyInTurns<R extends Viewable, K extends keyof R & string>(root: R, method: K): Mock<Method<R, K>> {
  const mock = vi.fn(function (this: R, ...args: unknown[]) {
    return (Object.getPrototypeOf(this) as Record<K, (...a: unknown[]) => unknown>)[method].apply(this, args);
  }) as unknown as Mock<Method<R, K>>;
  let mocks = spied.get(root);
  if (mocks === undefined) {
    const own = mocks = new Map();
    spied.set(root, own);
    const real = Object.getPrototypeOf(root) as Viewable;
    root.forTurn = (signal: AbortSignal) => {
      const view = real.forTurn.call(root, signal) as Record<string, unknown>;
      for (const [name, m] of own) view[name] = m;
      return view as never;
    };
  }
  mocks.set(method, mock);
  const restore = mock.mockRestore.bind(mock);
  mock.mockRestore = () => {
    restore();
    const now = spied.get(root);
    now?.delete(method);
    if (now?.size === 0) {
      spied.delete(root);
      delete (root as Partial<Viewable>).forTurn;
    }
  };
  return mock;
}
