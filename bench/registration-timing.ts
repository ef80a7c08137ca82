// How long a registration takes when the details match a license and when they do not, in process against the
// local cloud (DynamoDB, SES, Secrets Manager and the reCAPTCHA stand-in), alternating the two so that both see the
// same machine load. `npx tsx --tsconfig tsconfig.base.json bench/registration-timing.ts [--runs 200]`; the figures
// and what they mean are in docs/licensing.md ("Registration").
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { License } from '@backend/contracts';
import {
  dataKeyParameter,
  deriveLicensingKeys,
  licenseRecords,
  licensingResourceNames,
  licensingService,
  localRegistrationSettings,
  registrationFrom,
} from '@backend/licensing';
import { recaptchaToken, sampleLicense, startLicensingHarness } from '@backend/testing';
import { parseArgs } from 'node:util';
import { latencies } from './stats.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '200' } } });
const runs = Number(values.runs);

const harness = await startLicensingHarness({
  service: { ...licensingService, functions: [] },
  names: licensingResourceNames,
});
const ses = new SESClient(harness.cloud.clientConfig);
const secrets = new SecretsManagerClient(harness.cloud.clientConfig);
try {
  const keys = deriveLicensingKeys(await harness.dataKey(), dataKeyParameter);
  const ada = { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1985-12-10' };
  const records = licenseRecords(
    sampleLicense('321-54-9876', ada) as unknown as License,
    { compact: 'aslp', jurisdiction: 'oh', uploadId: 'seed', dateOfUpdate: '2026-01-01T00:00:00.000Z' },
    1,
    keys,
  );
  for (const item of [records.licenseItem, records.providerItem])
    await harness.dynamo.send(
      new PutCommand({ TableName: licensingResourceNames.providersTable, Item: item }),
    );
  const register = registrationFrom(
    localRegistrationSettings(licensingResourceNames.providersTable, harness.cloud.recaptchaVerifyUrl),
    {
      dynamo: harness.dynamo,
      ses,
      secrets: { secretsClient: secrets },
      logger: { info: () => undefined, warn: () => undefined },
    },
  );
  const body = (ssnLastFour: string) => ({
    ...ada,
    email: 'ada@example.com',
    ssnLastFour,
    jurisdiction: 'oh' as const,
    licenseType: 'audiologist' as const,
    compact: 'aslp' as const,
  });
  const times = { match: [] as number[], noMatch: [] as number[] };
  for (let run = 0; run < runs + 20; run++) {
    for (const [kind, last4] of [
      ['match', '9876'],
      ['noMatch', '1111'],
    ] as const) {
      const token = await recaptchaToken(harness.cloud, { action: 'register' });
      const started = performance.now();
      await register(
        { ...body(last4), recaptchaToken: token },
        { clientIp: `10.0.${run % 250}.${kind === 'match' ? 1 : 2}` },
      );
      // The first 20 rounds warm the clients and caches.
      if (run >= 20) times[kind].push(performance.now() - started);
    }
  }
  const match = latencies(times.match);
  const noMatch = latencies(times.noMatch);
  console.log(JSON.stringify({ runs, match, noMatch }, null, 2));
} finally {
  ses.destroy();
  secrets.destroy();
  await harness.stop();
}
