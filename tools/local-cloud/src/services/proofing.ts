import type { ServiceDeclaration } from '../declarations.js';
import { LOCAL_ENVIRONMENT } from './environment.js';

const env = LOCAL_ENVIRONMENT;
const callbackTokenKinds = ['address', 'resolution', 'document'] as const;

/** terraform/stacks/data: the callback tokens the IDP shares with the proofing jobs. */
export const callbackTokenParameter = (kind: (typeof callbackTokenKinds)[number]) =>
  `/${env}/idp/doc-capture/${kind}_proof_result_token`;

const failuresQueue = `${env}-proofing-failures`;

/** terraform/services/proofing: async jobs the IDP invokes; failed events go to the failures queue. */
export const proofing: ServiceDeclaration = {
  service: 'proofing',
  queues: [
    // modules/queue gives every queue a `<name>-dlq` and moves a message there after 5 receives.
    { name: `${failuresQueue}-dlq` },
    {
      name: failuresQueue,
      visibilityTimeoutSeconds: 180,
      deadLetter: { queue: `${failuresQueue}-dlq`, maxReceiveCount: 5 },
    },
  ],
  parameters: callbackTokenKinds.map((kind) => ({
    name: callbackTokenParameter(kind),
    type: 'SecureString' as const,
  })),
  functions: [
    {
      name: `${env}-proof-address`,
      app: 'proof-address',
      timeoutSeconds: 60,
      memoryMb: 512,
      environment: {
        ENVIRONMENT: env,
        CALLBACK_TOKEN_PARAMETER: callbackTokenParameter('address'),
        // Locally the IDP (or a test's callback receiver) listens on the loopback interface.
        CALLBACK_ALLOWED_HOSTS: '127.0.0.1,localhost',
        JOB_BUDGET_MS: '45000',
        ADDRESS_VENDOR: 'mock',
      },
      async: { maxRetryAttempts: 2, maxEventAgeSeconds: 300, onFailure: failuresQueue },
    },
  ],
};
