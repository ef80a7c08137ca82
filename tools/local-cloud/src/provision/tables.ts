import {
  CreateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { TableDeclaration } from '@backend/contracts';

function attributeDefinitions(table: TableDeclaration): AttributeDefinition[] {
  const keys = [
    table.partitionKey,
    table.sortKey,
    ...(table.globalSecondaryIndexes ?? []).flatMap((g) => [g.partitionKey, g.sortKey]),
  ];
  const byName = new Map<string, AttributeDefinition>();
  for (const key of keys)
    if (key !== undefined) byName.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  return [...byName.values()];
}

function keySchema(partitionKey: { name: string }, sortKey?: { name: string }) {
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' as const },
    ...(sortKey === undefined ? [] : [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }]),
  ];
}

/** Creates the declared tables (on-demand, with their indexes) and enables their TTL attribute. */
export async function createTables(ddb: DynamoDBClient, tables: readonly TableDeclaration[]): Promise<void> {
  await Promise.all(
    tables.map(async (table) => {
      try {
        await ddb.send(
          new CreateTableCommand({
            TableName: table.name,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: attributeDefinitions(table),
            KeySchema: keySchema(table.partitionKey, table.sortKey),
            ...(table.globalSecondaryIndexes?.length
              ? {
                  GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((g) => ({
                    IndexName: g.name,
                    KeySchema: keySchema(g.partitionKey, g.sortKey),
                    Projection: { ProjectionType: 'ALL' },
                  })),
                }
              : {}),
          }),
        );
      } catch (error) {
        // With --data the table is still there from the last run.
        if ((error as Error).name !== 'ResourceInUseException') throw error;
      }
      if (table.ttlAttribute !== undefined) {
        await ddb.send(
          new UpdateTimeToLiveCommand({
            TableName: table.name,
            TimeToLiveSpecification: { Enabled: true, AttributeName: table.ttlAttribute },
          }),
        );
      }
    }),
  );
}
