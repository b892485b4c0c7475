import type { CaseKind } from '../domain/case-model';
import { boundTable, type TablePort } from './storage-deadline';
import { encodeKey, isConflict, isNotFound, odataString } from './table-keys';

export type CaseIndexOwner =
  | { readonly kind: 'user'; readonly aadObjectId: string }
  | { readonly kind: 'chat'; readonly conversationId: string }
  /** An e-mail address a colleague was invited by: the cases that wait for whoever adds the bot with it. */
  | { readonly kind: 'invite'; readonly email: string };

export interface CaseIndexRepository {
  /** Idempotent: adding a code twice keeps one entry. */
  add(tenantId: string, owner: CaseIndexOwner, code: string): Promise<void>;
  remove(tenantId: string, owner: CaseIndexOwner, code: string): Promise<void>;
  /** The codes of the owner's cases; one partition read, however many cases the tenant has. */
  list(tenantId: string, owner: CaseIndexOwner): Promise<string[]>;
  /**
   * The next case number of a year in a tenant; every call gets its own number. Taken only for a
   * case about to be written, so numbers are not used up by forms that are opened and left.
   * Each kind of case is numbered on its own: SIP-2026-0001 and VSS-2026-0001 both exist.
   */
  nextCaseNumber(tenantId: string, year: number, kind: CaseKind): Promise<number>;
  /**
   * Gives back a number whose case could not be written, if no one has taken a later one since,
   * so a failed write leaves no gap; otherwise the gap stays (a number is never given twice).
   */
  returnCaseNumber(tenantId: string, year: number, n: number, kind: CaseKind): Promise<void>;
  /**
   * Marks a new-case form as used, insert-only, so a second submit of it creates nothing. Returns
   * undefined when this call marked it, or what the earlier submit recorded.
   */
  claimForm(tenantId: string, formId: string, creator: string): Promise<FormUse | undefined>;
  /** Records the code of the case a form created. */
  recordFormCase(tenantId: string, formId: string, creator: string, code: string): Promise<void>;
  /** Frees a form whose case was not created, so it can be submitted again. */
  releaseForm(tenantId: string, formId: string): Promise<void>;
  /** The same store with every call bound to a turn's deadline (see boundTable). */
  forTurn(signal: AbortSignal): CaseIndexRepository;
}

/** Who submitted a new-case form first, and the case it created once that is written. */
export interface FormUse {
  readonly creator: string;
  readonly code?: string;
}

interface IndexEntity {
  partitionKey: string;
  rowKey: string;
}

interface FormEntity {
  partitionKey: string;
  rowKey: string;
  creator: string;
  code?: string;
}

interface CounterEntity {
  partitionKey: string;
  rowKey: string;
  n: number;
}

/**
 * Which cases each coordinator and linked chat has, so "mina ärenden" reads one partition
 * instead of scanning all cases. Entries are written before the case itself: an entry whose case
 * never got created is skipped when listing, while a case without its entry could not be found.
 */
export class TableCaseIndexRepository implements CaseIndexRepository {
  /**
   * @param formClaimStaleMs how old a form claim without a case must be before its creator may
   *   submit the form again; a create takes seconds, so two minutes only ever frees a dead one.
   */
  constructor(
    private readonly table: TablePort,
    private readonly formClaimStaleMs = 120_000,
    private readonly now: () => number = Date.now,
  ) {}

  forTurn(signal: AbortSignal): TableCaseIndexRepository {
    return new TableCaseIndexRepository(boundTable(this.table, signal), this.formClaimStaleMs, this.now);
  }

  async add(tenantId: string, owner: CaseIndexOwner, code: string): Promise<void> {
    await this.table.upsertEntity<IndexEntity>({ partitionKey: partitionOf(tenantId, owner), rowKey: code }, 'Replace');
  }

  async remove(tenantId: string, owner: CaseIndexOwner, code: string): Promise<void> {
    try {
      // Nothing to compare: an index entry has no content, only its existence.
      await this.table.deleteEntity(partitionOf(tenantId, owner), code);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async list(tenantId: string, owner: CaseIndexOwner): Promise<string[]> {
    const codes: string[] = [];
    const filter = `PartitionKey eq ${odataString(partitionOf(tenantId, owner))}`;
    for await (const e of this.table.listEntities<IndexEntity>({ queryOptions: { filter, select: ['RowKey'] } })) {
      codes.push(e.rowKey);
    }
    return codes;
  }

  async nextCaseNumber(tenantId: string, year: number, kind: CaseKind): Promise<number> {
    const pk = `${encodeKey(tenantId)}_counter`;
    const rk = counterKey(year, kind);
    for (let attempt = 0; attempt < 30; attempt++) {
      // Creators at the same moment take turns: each one who lost waits a random while, longer
      // each time, so twenty at once all get their number instead of colliding in lockstep.
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 4 * 2 ** Math.min(attempt, 5)));
      try {
        const current = await this.table.getEntity<CounterEntity>(pk, rk);
        const n = current.n + 1;
        await this.table.updateEntity<CounterEntity>({ partitionKey: pk, rowKey: rk, n }, 'Replace', { etag: current.etag });
        return n;
      } catch (err) {
        if (isNotFound(err)) {
          try {
            await this.table.createEntity<CounterEntity>({ partitionKey: pk, rowKey: rk, n: 1 });
            return 1;
          } catch (createErr) {
            if (!isConflict(createErr)) throw createErr;
          }
        } else if (!isConflict(err)) {
          throw err;
        }
      }
    }
    throw new Error('could not take a case number: too much contention');
  }

  async returnCaseNumber(tenantId: string, year: number, n: number, kind: CaseKind): Promise<void> {
    const pk = `${encodeKey(tenantId)}_counter`;
    const rk = counterKey(year, kind);
    try {
      const current = await this.table.getEntity<CounterEntity>(pk, rk);
      if (current.n !== n) return;
      await this.table.updateEntity<CounterEntity>({ partitionKey: pk, rowKey: rk, n: n - 1 }, 'Replace', { etag: current.etag });
    } catch (err) {
      // Someone took the next number meanwhile: it is theirs, and this one stays a gap.
      if (!isConflict(err) && !isNotFound(err)) throw err;
    }
  }

  async claimForm(tenantId: string, formId: string, creator: string): Promise<FormUse | undefined> {
    const pk = formPartition(tenantId);
    const rk = encodeKey(formId);
    try {
      await this.table.createEntity<FormEntity>({ partitionKey: pk, rowKey: rk, creator });
      return undefined;
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
    try {
      const e = await this.table.getEntity<FormEntity>(pk, rk);
      if (e.code !== undefined) return { creator: e.creator, code: e.code };
      // A claim without a code long after it was made belongs to a submit that died before it
      // could create the case or let the form go: the form is free again, for its own creator.
      const claimedAt = e.timestamp === undefined ? Number.NaN : Date.parse(e.timestamp);
      if (e.creator === creator && this.now() - claimedAt > this.formClaimStaleMs) {
        try {
          await this.table.updateEntity<FormEntity>({ partitionKey: pk, rowKey: rk, creator }, 'Replace', { etag: e.etag });
          return undefined;
        } catch (updateErr) {
          // Another submit took it over or finished first: it is in use.
          if (!isConflict(updateErr) && !isNotFound(updateErr)) throw updateErr;
        }
      }
      return { creator: e.creator };
    } catch (err) {
      // Released meanwhile by a submit whose case was not created: still used, by no case.
      if (isNotFound(err)) return { creator };
      throw err;
    }
  }

  async recordFormCase(tenantId: string, formId: string, creator: string, code: string): Promise<void> {
    await this.table.upsertEntity<FormEntity>({ partitionKey: formPartition(tenantId), rowKey: encodeKey(formId), creator, code }, 'Replace');
  }

  async releaseForm(tenantId: string, formId: string): Promise<void> {
    try {
      await this.table.deleteEntity(formPartition(tenantId), encodeKey(formId));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /**
   * Removes every index entry of a case, and the record of the form that made it, when the case
   * itself is removed (retention). The entries are looked up in the store, not derived from the
   * case: a colleague once asked, whose request closing dropped from the case, still has one.
   * Returns how many rows went. Outside the interface: only the retention job removes a case.
   */
  async removeCase(tenantId: string, code: string): Promise<number> {
    const tenant = encodeKey(tenantId);
    const inRange = (kind: CaseIndexOwner['kind']) => `PartitionKey ge ${odataString(`${tenant}_${kind}_`)} and PartitionKey lt ${odataString(`${tenant}_${kind}\``)} and RowKey eq ${odataString(code)}`;
    const filters = [inRange('user'), inRange('chat'), inRange('invite'), `PartitionKey eq ${odataString(formPartition(tenantId))} and code eq ${odataString(code)}`];
    let removed = 0;
    for (const filter of filters) {
      for await (const e of this.table.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })) {
        try {
          // Nothing to compare: an entry is its existence, and a form's case is this one.
          await this.table.deleteEntity(e.partitionKey!, e.rowKey!);
          removed++;
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
    }
    return removed;
  }
}

/** Form ids are random UUIDs from the card; their own partition keeps them apart from index entries. */
const formPartition = (tenantId: string) => `${encodeKey(tenantId)}_form`;

function partitionOf(tenantId: string, owner: CaseIndexOwner): string {
  const tenant = encodeKey(tenantId);
  if (owner.kind === 'user') return `${tenant}_user_${encodeKey(owner.aadObjectId)}`;
  return owner.kind === 'chat' ? `${tenant}_chat_${encodeKey(owner.conversationId)}` : `${tenant}_invite_${encodeKey(owner.email)}`;
}

/** A year's counter of one kind of case; VSS keeps the key it had before SIP cases, so its numbering goes on. */
function counterKey(year: number, kind: CaseKind): string {
  return kind === 'vss' ? String(year) : `${kind}-${year}`;
}
