import type { ProviderQuery } from '@backend/contracts';
import type { Item, Table } from '@backend/persistence';
import { logger } from '@backend/platform';
import { LICENSES_BY_UPDATE_INDEX, PROVIDERS_BY_NAME_INDEX, PROVIDER_SK, providerPk } from './records.js';

// How the read API reads the providers table (issue 13): a provider's partition, a page of an index, a batch of
// provider items. What a caller may see of the items is decided in view.ts.

/** Items per request of a partition read; a provider with its licenses and their history fits in one or two. */
export const PARTITION_PAGE_SIZE = 1000;
/**
 * A partition read stops after this many pages (10,000 items: decades of monthly reports of every license a
 * provider could hold), so one request's work stays bounded; what was cut is logged.
 */
const MAX_PARTITION_PAGES = 10;

export interface ProviderItems {
  readonly provider: Item;
  /** License items (`LICENSE#{jurisdiction}#{licenseType}`), in key order. */
  readonly licenses: Item[];
  /** History items of every license, oldest first per license. */
  readonly history: Item[];
}

export interface MatchPage {
  /** License items of the index, in index order. */
  readonly licenses: Item[];
  readonly cursor?: string;
}

export interface ProviderReadsOptions {
  /** The providers table for partition reads: pages up to PARTITION_PAGE_SIZE, with cursors. */
  readonly partitions: Table;
  /** The providers table for index pages (cursors sealed with the licensing cursor key) and batch reads. */
  readonly indexes: Table;
}

export class ProviderReads {
  private readonly partitions: Table;
  private readonly indexes: Table;

  constructor(options: ProviderReadsOptions) {
    this.partitions = options.partitions;
    this.indexes = options.indexes;
  }

  /** A provider's partition: its identity, licenses and history; undefined when the compact has no such provider. */
  async provider(compact: string, providerId: string): Promise<ProviderItems | undefined> {
    const items: Item[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PARTITION_PAGES; page++) {
      const result = await this.partitions.query({
        keyCondition: 'pk = :pk',
        values: { ':pk': providerPk(compact, providerId) },
        limit: PARTITION_PAGE_SIZE,
        ...(cursor === undefined ? {} : { cursor }),
      });
      items.push(...result.items);
      cursor = result.cursor;
      if (cursor === undefined) break;
    }
    if (cursor !== undefined) {
      logger.warn('Provider partition larger than one read; history cut', { items: items.length });
    }
    const provider = items.find((item) => item['sk'] === PROVIDER_SK);
    if (provider === undefined) return undefined;
    return {
      provider,
      licenses: items.filter((item) => item['type'] === 'license'),
      history: items.filter((item) => item['type'] === 'licenseUpdate'),
    };
  }

  /**
   * One page of license items matching the query: by name on `providers-by-name` (a family name prefix, or a whole
   * family name and a given name prefix), otherwise by jurisdiction on `licenses-by-update` within the dates. What
   * the index key cannot say (a jurisdiction or dates beside a name, the end of a date range) is filtered from the
   * page, as a DynamoDB filter expression would: a page may hold fewer matches than its size. The cursor opens only
   * for the same query and `caller`.
   */
  async match(compact: string, query: ProviderQuery, caller: string): Promise<MatchPage> {
    // Instants as the index stores them (UTC ISO 8601): the read API normalises what callers send.
    const after = query.updatedAfter;
    const before = query.updatedBefore;
    const paging = {
      ...(query.pageSize === undefined ? {} : { limit: query.pageSize }),
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      cursorBinding: `caller:${caller}`,
    };
    let page;
    if (query.familyName !== undefined) {
      const name =
        query.givenName === undefined ? query.familyName : `${query.familyName}\u0000${query.givenName}`;
      page = await this.indexes.query({
        index: PROVIDERS_BY_NAME_INDEX,
        keyCondition: '#compact = :compact AND begins_with(#name, :name)',
        names: { '#compact': 'compact', '#name': 'sortName' },
        values: { ':compact': compact, ':name': name.toLowerCase() },
        ...paging,
      });
    } else {
      const range: { condition: string; values: Record<string, string> } =
        after !== undefined && before !== undefined
          ? {
              condition: ' AND #updated BETWEEN :after AND :before',
              values: { ':after': after, ':before': before },
            }
          : after !== undefined
            ? { condition: ' AND #updated >= :after', values: { ':after': after } }
            : before !== undefined
              ? { condition: ' AND #updated < :before', values: { ':before': before } }
              : { condition: '', values: {} };
      page = await this.indexes.query({
        index: LICENSES_BY_UPDATE_INDEX,
        keyCondition: `#place = :place${range.condition}`,
        names: {
          '#place': 'compactJurisdiction',
          ...(range.condition === '' ? {} : { '#updated': 'dateOfUpdate' }),
        },
        values: { ':place': `${compact}#${query.jurisdiction ?? ''}`, ...range.values },
        ...paging,
      });
    }
    const licenses = page.items.filter((item) => {
      const updated = String(item['dateOfUpdate']);
      return (
        (query.jurisdiction === undefined || item['jurisdiction'] === query.jurisdiction) &&
        (after === undefined || updated >= after) &&
        (before === undefined || updated < before)
      );
    });
    return { licenses, ...(page.cursor === undefined ? {} : { cursor: page.cursor }) };
  }

  /** The provider items of these ids (each asked once), in one BatchGetItem; ids not found are absent. */
  async providerItems(compact: string, providerIds: readonly string[]): Promise<Item[]> {
    return this.indexes.batchGet(
      providerIds.map((id) => ({ pk: providerPk(compact, id), sk: PROVIDER_SK })),
      // Within the function's 30 s, leaving time to answer 503 with what is left.
      { deadline: 10_000 },
    );
  }
}
