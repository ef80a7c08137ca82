import type { ServiceDeclaration } from '@backend/contracts';
import { messagesService } from '@backend/messages';
import { accountsService } from '@backend/accounts';
import { licensingService } from '@backend/licensing';
import { proofingService } from '@backend/proofing';

/**
 * Every service of the workspace, as `npm start` deploys it: one line per directory of terraform/services/,
 * each the declaration its own lib exports. The local cloud's CLI and libs/testing load this file by path
 * (tools/local-cloud `loadWorkspaceServices`), so that they stay generic and within `scope:shared`.
 */
export const SERVICES: readonly ServiceDeclaration[] = [
  proofingService,
  messagesService,
  accountsService,
  licensingService,
];
