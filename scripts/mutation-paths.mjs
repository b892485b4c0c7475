// Where a part's sandbox, report and incremental file live; shared by stryker.config.mjs and
// scripts/mutation.mjs so the folder the runner prints is the one the config writes.

/** The part's folder name with MUTATION_TAG's letters, digits and dashes appended, if any. */
export function runName(part, tag = process.env.MUTATION_TAG) {
  const clean = (tag ?? '').replace(/[^a-z0-9-]/gi, '');
  return clean ? `${part}-${clean}` : part;
}
