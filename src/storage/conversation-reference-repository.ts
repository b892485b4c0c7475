import { boundTable, type TablePort } from './storage-deadline';
import { decodeKey, encodeKey, isNotFound, odataString } from './table-keys';

/**
 * Where and how to reach a user's 1:1 chat or a group chat, enough to start a proactive turn.
 * Plain data: the bot layer converts it to and from botbuilder's ConversationReference.
 */
export interface ConversationAddress {
  readonly tenantId: string;
  readonly channelId: string;
  readonly serviceUrl: string;
  readonly conversationId: string;
  readonly conversationType: 'personal' | 'groupChat' | 'channel';
  readonly botId: string;
  readonly botName?: string | undefined;
  /** The user's id in this bot's channel (personal chats). */
  readonly userId?: string | undefined;
  readonly aadObjectId?: string | undefined;
  /** The user's display name in personal chats: a colleague's, never a patient's. */
  readonly userName?: string | undefined;
  readonly locale?: string | undefined;
  readonly updatedAt: string;
}

export interface CoordinatorUnit {
  readonly principal: 'region' | 'kommun';
  readonly unit: string;
}

export type ConversationOwner =
  /** tenantId: the person's own tenant, when known; an address kept for the object id in another tenant is not theirs. */
  | { readonly kind: 'user'; readonly aadObjectId: string; readonly tenantId?: string | undefined }
  | { readonly kind: 'chat'; readonly conversationId: string };

/**
 * Addresses are kept under the store tenant (DeploymentTenants.storeTenantOf), which for a tenant
 * sharing a deployment's store is the home tenant's id; each address keeps its own tenant, which
 * decides the registration a message to it goes out with.
 */
export interface ConversationReferenceRepository {
  save(storeTenant: string, owner: ConversationOwner, address: ConversationAddress): Promise<void>;
  find(storeTenant: string, owner: ConversationOwner): Promise<ConversationAddress | undefined>;
  remove(storeTenant: string, owner: ConversationOwner): Promise<void>;
  /**
   * Users under a store tenant who have the bot in their personal chat, at most `limit`; with
   * `ofTenant`, only those whose own tenant it is, so that a big tenant cannot crowd out a small one.
   */
  listUsers(storeTenant: string, limit: number, ofTenant?: string): Promise<ConversationAddress[]>;
  /**
   * A coordinator's unit as they last chose it in a case, so a colleague looking for them can
   * search by unit too. Kept beside the address, not in it: an address is replaced as it changes.
   */
  saveUnit(storeTenant: string, aadObjectId: string, unit: CoordinatorUnit): Promise<void>;
  /** The units saved under a store tenant, by object id, at most `limit`. */
  listUnits(storeTenant: string, limit: number): Promise<Map<string, CoordinatorUnit>>;
  /**
   * Who Teams reported an e-mail address (lower case) for when they added the bot, so an invitation
   * by that address reaches one who already has it. Only in a deployment serving several tenants.
   */
  saveMail(storeTenant: string, email: string, person: { readonly aadObjectId: string; readonly tenantId: string }): Promise<void>;
  findMail(storeTenant: string, email: string): Promise<{ readonly aadObjectId: string; readonly tenantId: string } | undefined>;
  /** The same store with every call bound to a turn's deadline (see boundTable). */
  forTurn(signal: AbortSignal): ConversationReferenceRepository;
}

interface AddressEntity extends Omit<ConversationAddress, 'tenantId'> {
  readonly partitionKey: string;
  readonly rowKey: string;
  /** The address's own tenant, written only when it is not the store tenant of the partition. */
  readonly addressTenantId?: string | undefined;
}

/** Conversation addresses in one table: partition per tenant, row per user or chat. */
export class TableConversationReferenceRepository implements ConversationReferenceRepository {
  constructor(private readonly table: TablePort) {}

  forTurn(signal: AbortSignal): TableConversationReferenceRepository {
    return new TableConversationReferenceRepository(boundTable(this.table, signal));
  }

  async save(storeTenant: string, owner: ConversationOwner, address: ConversationAddress): Promise<void> {
    // Last write wins on purpose: the newest activity carries the freshest serviceUrl.
    const { tenantId, ...rest } = address;
    const entity: AddressEntity = { partitionKey: encodeKey(storeTenant), rowKey: rowKeyOf(owner), ...dropUndefined(rest), ...(tenantId === storeTenant ? {} : { addressTenantId: tenantId }) };
    await this.table.upsertEntity(entity, 'Replace');
  }

  async find(storeTenant: string, owner: ConversationOwner): Promise<ConversationAddress | undefined> {
    try {
      const address = toAddress(storeTenant, await this.table.getEntity<AddressEntity>(encodeKey(storeTenant), rowKeyOf(owner)));
      return owner.kind === 'user' && owner.tenantId !== undefined && owner.tenantId !== address.tenantId ? undefined : address;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async listUsers(storeTenant: string, limit: number, ofTenant?: string): Promise<ConversationAddress[]> {
    // Row keys of users are "user_…"; "user`" is the next string after every one of them. Only rows
    // of another tenant than the store's carry addressTenantId, so those are asked for by it.
    const other = ofTenant !== undefined && ofTenant !== storeTenant ? ` and addressTenantId eq ${odataString(ofTenant)}` : '';
    const filter = `PartitionKey eq ${odataString(encodeKey(storeTenant))} and RowKey ge 'user_' and RowKey lt ${odataString('user`')}${other}`;
    const users: ConversationAddress[] = [];
    for await (const e of this.table.listEntities<AddressEntity>({ queryOptions: { filter } })) {
      if (ofTenant === storeTenant && e.addressTenantId !== undefined) continue;
      users.push(toAddress(storeTenant, e));
      if (users.length >= limit) break;
    }
    return users;
  }

  async saveUnit(storeTenant: string, aadObjectId: string, unit: CoordinatorUnit): Promise<void> {
    await this.table.upsertEntity({ partitionKey: encodeKey(storeTenant), rowKey: `unit_${encodeKey(aadObjectId)}`, principal: unit.principal, unit: unit.unit }, 'Replace');
  }

  async listUnits(storeTenant: string, limit: number): Promise<Map<string, CoordinatorUnit>> {
    const filter = `PartitionKey eq ${odataString(encodeKey(storeTenant))} and RowKey ge 'unit_' and RowKey lt ${odataString('unit`')}`;
    const units = new Map<string, CoordinatorUnit>();
    for await (const e of this.table.listEntities<{ rowKey: string; principal: 'region' | 'kommun'; unit: string }>({ queryOptions: { filter } })) {
      units.set(decodeKey(e.rowKey.slice('unit_'.length)), { principal: e.principal, unit: e.unit });
      if (units.size >= limit) break;
    }
    return units;
  }

  async saveMail(storeTenant: string, email: string, person: { readonly aadObjectId: string; readonly tenantId: string }): Promise<void> {
    await this.table.upsertEntity({ partitionKey: encodeKey(storeTenant), rowKey: `mail_${encodeKey(email)}`, aadObjectId: person.aadObjectId, personTenantId: person.tenantId }, 'Replace');
  }

  async findMail(storeTenant: string, email: string): Promise<{ readonly aadObjectId: string; readonly tenantId: string } | undefined> {
    try {
      const e = await this.table.getEntity<{ aadObjectId: string; personTenantId: string }>(encodeKey(storeTenant), `mail_${encodeKey(email)}`);
      return { aadObjectId: e.aadObjectId, tenantId: e.personTenantId };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async remove(storeTenant: string, owner: ConversationOwner): Promise<void> {
    try {
      // An uninstall has no ETag to compare; whatever is stored for this owner goes.
      await this.table.deleteEntity(encodeKey(storeTenant), rowKeyOf(owner));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

function toAddress(storeTenant: string, e: AddressEntity): ConversationAddress {
  return {
    tenantId: e.addressTenantId ?? storeTenant,
    channelId: e.channelId,
    serviceUrl: e.serviceUrl,
    conversationId: e.conversationId,
    conversationType: e.conversationType,
    botId: e.botId,
    botName: e.botName,
    userId: e.userId,
    aadObjectId: e.aadObjectId,
    userName: e.userName,
    locale: e.locale,
    updatedAt: e.updatedAt,
  };
}

function rowKeyOf(owner: ConversationOwner): string {
  return owner.kind === 'user' ? `user_${encodeKey(owner.aadObjectId)}` : `chat_${encodeKey(owner.conversationId)}`;
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
