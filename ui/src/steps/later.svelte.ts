// The steps after the first, loaded once the first step is interactive (they
// are not in the code the first frame waits for). Until one has loaded, the
// step shows "Loading…"; in practice they are in long before anyone clicks Next.
import type { Component } from "svelte";

const loaders: Record<number, () => Promise<{ default: Component }>> = {
  2: () => import("./Register.svelte"),
  3: () => import("./Credentials.svelte"),
  4: () => import("./Test.svelte"),
  5: () => import("./Export.svelte"),
  6: () => import("./Done.svelte"),
};

/** The loaded steps by number. */
export const laterSteps = $state<Record<number, Component>>({});

let loading: Promise<void> | null = null;

/** Loads every later step (once; a failed load is retried on the next call). */
export function loadLaterSteps(): Promise<void> {
  loading ??= Promise.all(
    Object.entries(loaders).map(async ([n, load]) => {
      laterSteps[Number(n)] = (await load()).default;
    }),
  ).then(
    () => undefined,
    (e: unknown) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}
